"""Shared fixtures: users by role, and the report's own content loaded from fixtures."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from core import roles
from tests.factories import UserFactory

REPORT_FIXTURES = ("performance", "improvement", "options", "commentary")


@pytest.fixture
def report_content(db: None) -> None:
    """Load the source report's content (measures, timeline, actions, priorities, options)."""
    call_command("loaddata", *REPORT_FIXTURES, verbosity=0)


def _user_in(role: str, username: str):
    user = UserFactory(username=username)
    user.groups.set([Group.objects.get(name=role)])
    return user


@pytest.fixture
def officer(db: None):
    return _user_in(roles.OFFICER, "officer")


@pytest.fixture
def approver(db: None):
    return _user_in(roles.APPROVER, "approver")


@pytest.fixture
def councillor(db: None):
    return _user_in(roles.VIEWER, "councillor")


@pytest.fixture
def superuser(db: None):
    return UserFactory(username="root", is_superuser=True)
