"""Who may see and publish Council report packs.

Councillors (and anyone signed in) read published packs; officers, approvers and administrators
also see drafts; approvers and administrators publish. Group names come from core.roles, and the
model permissions grant the same to anyone else an administrator chooses.
"""

from __future__ import annotations

from typing import Any

from core import roles

DRAFT_ROLES = (roles.OFFICER, roles.APPROVER, roles.ADMINISTRATOR)
PUBLISH_ROLES = (roles.APPROVER, roles.ADMINISTRATOR)


def _in_roles(user: Any, names: tuple[str, ...]) -> bool:
    return user.groups.filter(name__in=names).exists()


def can_see_drafts(user: Any) -> bool:
    """Return True when ``user`` may see draft packs."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser or user.has_perm("reports.view_draft_councilreport") or _in_roles(user, DRAFT_ROLES)
    )


def can_publish(user: Any) -> bool:
    """Return True when ``user`` may publish a pack."""
    if not user.is_authenticated or not user.is_active:
        return False
    return (
        user.is_superuser or user.has_perm("reports.publish_councilreport") or _in_roles(user, PUBLISH_ROLES)
    )
