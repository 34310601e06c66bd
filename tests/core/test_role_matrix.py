"""Every admin URL and every public page, for every role: each gets exactly what it should.

The expectations are written out here (not derived from core.roles), so a change to a role's
permissions that widens or narrows access fails this test until it is meant.
"""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.models import Group
from django.urls import URLPattern, URLResolver, reverse

from core import roles
from performance.models import MeasureCommentary
from reports.models import CouncilReport, ReportSnapshot
from tests.factories import (
    ActionFactory,
    BenchmarkValueFactory,
    CouncilReportFactory,
    MeasureFactory,
    MeasureRebaseFactory,
    MeasureValueFactory,
    MilestoneFactory,
    ProgressUpdateFactory,
    ScoreFactory,
    TargetFactory,
    TimelineEventFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "viewer", "officer", "approver", "administrator"]

READABLE_BY_STAFF = {
    "performance.measure",
    "performance.measurerebase",
    "performance.target",
    "performance.measurevalue",
    "performance.benchmarkvalue",
    "improvement.timelineevent",
    "improvement.theme",
    "improvement.action",
    "improvement.progressupdate",
    "improvement.priority",
    "improvement.milestone",
    "options.appraisal",
    "options.option",
    "options.criterion",
    "options.score",
    "reports.councilreport",
    "reports.reportsnapshot",
}
ADDABLE_BY_OFFICERS = {
    "performance.measurevalue",
    "performance.benchmarkvalue",
    "improvement.progressupdate",
    "reports.councilreport",
}
# Records nobody adds or deletes by hand: sign-in logs are written by django-axes, and a snapshot
# is written by publishing and then kept forever.
NEVER_ADDED = {"axes.accessattempt", "axes.accesslog", "axes.accessfailurelog", "reports.reportsnapshot"}
NEVER_DELETED = {"reports.reportsnapshot"}
# Who may publish a Council report pack; others are sent back to the pack with a message.
PUBLISHERS = {"approver", "administrator"}
ALL_MODELS = {f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry}

# What each role may do, per model: view (list, change page, history), add, delete.
CAN = {
    "viewer": {"view": set(), "add": set(), "delete": set(), "entry": False},
    "officer": {"view": READABLE_BY_STAFF, "add": ADDABLE_BY_OFFICERS, "delete": set(), "entry": True},
    "approver": {"view": READABLE_BY_STAFF, "add": ADDABLE_BY_OFFICERS, "delete": set(), "entry": True},
    "administrator": {"view": ALL_MODELS, "add": ALL_MODELS, "delete": ALL_MODELS, "entry": True},
}
GROUPS = {
    "viewer": roles.VIEWER,
    "officer": roles.OFFICER,
    "approver": roles.APPROVER,
    "administrator": roles.ADMINISTRATOR,
}
# Admin URL names that are not about one model or are covered elsewhere.
NOT_WALKED = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "jsi18n",
    "view_on_site",
    "autocomplete",
    # POST only (the import's confirm step): covered by tests/performance's import tests.
    "performance_measurevalue_process_import",
}


def _objects():
    measure = MeasureFactory(code="walked")
    value = MeasureValueFactory(measure=measure)
    action = ActionFactory(code="walked-action")
    MilestoneFactory(priority__year=2016)
    objects = [
        measure,
        value,
        TargetFactory(measure=measure),
        MeasureRebaseFactory(measure=measure),
        BenchmarkValueFactory(measure=measure),
        MeasureCommentary.objects.create(measure=measure, period=dt.date(2016, 4, 1)),
        TimelineEventFactory(),
        action,
        ProgressUpdateFactory(action=action),
        ScoreFactory(),
        UserFactory(username="someone"),
        CouncilReportFactory(title="A draft pack"),
        *_sign_in_records(),
    ]
    ReportSnapshot.objects.create(report=CouncilReportFactory(title="A published pack"), data={})
    return {f"{type(o)._meta.app_label}.{type(o)._meta.model_name}": o for o in objects}


def _sign_in_records():
    seen = {"username": "someone", "ip_address": "127.0.0.1", "user_agent": "test", "path_info": "/"}
    return [
        AccessAttempt.objects.create(**seen, http_accept="*/*", failures_since_start=1),
        AccessLog.objects.create(**seen, http_accept="*/*"),
        AccessFailureLog.objects.create(**seen, http_accept="*/*"),
    ]


def _first(model):
    return model._default_manager.order_by("pk").first()


def _admin_urls() -> list[tuple[str, str, int | str]]:
    """Return (url, model label or "", what) for every admin page walked."""
    walked = [(reverse("admin:index"), "", "index")]
    for model in admin.site._registry:
        opts = model._meta
        label = f"{opts.app_label}.{opts.model_name}"
        obj = _first(model)
        assert obj is not None, f"no {label} to walk"
        base = f"admin:{opts.app_label}_{opts.model_name}"
        walked += [
            (reverse(f"{base}_changelist"), label, "view"),
            (reverse(f"{base}_add"), label, "add"),
            (reverse(f"{base}_change", args=[obj.pk]), label, "view"),
            (reverse(f"{base}_history", args=[obj.pk]), label, "view"),
            (reverse(f"{base}_delete", args=[obj.pk]), label, "delete"),
        ]
        if hasattr(model, "history") and hasattr(model.history, "model"):
            record = model.history.filter(**{opts.pk.attname: obj.pk}).first()
            if record is not None:
                walked.append((reverse(f"{base}_simple_history", args=[obj.pk, record.pk]), label, "view"))
    walked += [
        (reverse("admin:performance_measurevalue_month"), "", "entry"),
        (reverse("audit"), "", "entry"),
        (reverse("admin:performance_measurevalue_import"), "performance.measurevalue", "add"),
        (reverse("admin:performance_measurevalue_export"), "performance.measurevalue", "view"),
        (reverse("admin:reports_councilreport_publish", args=[_first(CouncilReport).pk]), "", "publish"),
    ]
    return walked


def _public_urls() -> list[str]:
    return [
        "/",
        "/health/",
        "/measures/",
        "/measures/walked/",
        "/timeline/",
        "/themes/",
        "/actions/walked-action/",
        "/priorities/",
        "/priorities/2016/",
        "/options/",
    ]


# Pages for anyone signed in: the Council report packs (published ones; drafts for staff).
SIGNED_IN_URLS = ["/reports/"]


def _expected(role: str, label: str, what: str) -> int:
    if role == "anonymous":
        return 302
    if what == "index":
        return 200
    can = CAN[role]
    if what == "entry":
        return 200 if can["entry"] else 403
    if what == "publish":
        return 200 if role in PUBLISHERS else 302
    if (what == "add" and label in NEVER_ADDED) or (what == "delete" and label in NEVER_DELETED):
        return 403
    allowed = can["view"] if what == "view" else can[what]
    return 200 if label in allowed else 403


def _names(patterns, prefix="") -> set[str]:
    names = set()
    for p in patterns:
        if isinstance(p, URLResolver):
            names |= _names(p.url_patterns)
        elif isinstance(p, URLPattern) and p.name:
            names.add(p.name)
    return names


def test_the_walk_covers_every_admin_url_name():
    """A new admin view must be added to the walk (or to NOT_WALKED, saying why)."""
    walked_suffixes = ("_changelist", "_add", "_change", "_history", "_delete", "_simple_history")
    extra = {
        "index",
        "app_list",
        "performance_measurevalue_month",
        "performance_measurevalue_import",
        "performance_measurevalue_export",
        "reports_councilreport_publish",
    }
    names = _names(admin.site.get_urls())
    left = {n for n in names if not n.endswith(walked_suffixes)} - extra - NOT_WALKED
    assert left == set()


@pytest.mark.parametrize("role", ROLES)
def test_each_role_gets_exactly_what_it_should_from_every_admin_and_public_url(client, role):
    _objects()
    if role != "anonymous":
        user = UserFactory(username=f"as-{role}")
        user.groups.set([Group.objects.get(name=GROUPS[role])])
        client.force_login(user)
    wrong = []
    for url, label, what in _admin_urls():
        response = client.get(url)
        expected = _expected(role, label, what)
        got = response.status_code
        if got != expected or (role == "anonymous" and "/login/" not in response["Location"]):
            wrong.append((url, what, expected, got))
    for url in _public_urls():
        got = client.get(url).status_code
        if got != 200:
            wrong.append((url, "public", 200, got))
    for url in SIGNED_IN_URLS:
        expected = 302 if role == "anonymous" else 200
        got = client.get(url).status_code
        if got != expected:
            wrong.append((url, "signed in", expected, got))
    assert wrong == []
