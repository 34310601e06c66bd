"""The four roles, as auth groups with their permissions.

Used by the data migration that creates the groups and by ``seed_demo``; safe to
re-run: it sets each group's permissions to exactly the list below.
"""

from __future__ import annotations

from typing import Any

VIEWER = "Viewer (councillor)"
OFFICER = "Officer"
APPROVER = "Approver"
ADMINISTRATOR = "Administrator"

_READ_ALL = [
    f"{app}.view_{model}"
    for app, models in {
        "performance": ["measure", "measurerebase", "target", "measurevalue", "benchmarkvalue"],
        "improvement": ["timelineevent", "theme", "action", "progressupdate", "priority", "milestone"],
        "options": ["appraisal", "option", "criterion", "score"],
    }.items()
    for model in models
]

_OFFICER = [
    *_READ_ALL,
    "performance.add_measurevalue",
    "performance.change_measurevalue",
    "performance.submit_measurevalue",
    "performance.add_benchmarkvalue",
    "performance.change_benchmarkvalue",
    "improvement.add_progressupdate",
    "improvement.change_progressupdate",
    "improvement.change_action",
    "improvement.change_milestone",
]

# Council report packs: officers draft packs and see drafts; approvers also publish.
_REPORTS_OFFICER = [
    "reports.view_councilreport",
    "reports.add_councilreport",
    "reports.change_councilreport",
    "reports.view_draft_councilreport",
    "reports.view_reportsnapshot",
]
_OFFICER += _REPORTS_OFFICER

_APPROVER = [*_OFFICER, "performance.approve_measurevalue", "reports.publish_councilreport"]

ROLE_PERMISSIONS: dict[str, list[str]] = {
    VIEWER: [],
    OFFICER: _OFFICER,
    APPROVER: _APPROVER,
    ADMINISTRATOR: ["*"],
}

ADMIN_APPS = ("performance", "improvement", "options", "reports", "axes", "auth")


def sync_roles(apps: Any) -> None:
    """Create or update the four groups so each holds exactly its permissions.

    ``apps`` is the app registry (the historical one inside a migration).
    """
    group_model = apps.get_model("auth", "Group")
    permission_model = apps.get_model("auth", "Permission")
    for role, codes in ROLE_PERMISSIONS.items():
        group, _ = group_model.objects.get_or_create(name=role)
        if codes == ["*"]:
            perms = permission_model.objects.filter(content_type__app_label__in=ADMIN_APPS)
        else:
            wanted = {tuple(code.split(".", 1)) for code in codes}
            perms = [
                p
                for p in permission_model.objects.select_related("content_type").filter(
                    codename__in=[c for _, c in wanted]
                )
                if (p.content_type.app_label, p.codename) in wanted
            ]
        group.permissions.set(perms)
