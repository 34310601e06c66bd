"""Shared fixtures: users by role, and the report's own content loaded from fixtures."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from core import roles
from tests.factories import UserFactory
from tests.fixture_loading import load_fixtures

# The report's content, and the measures rebased at the new operating model.
REPORT_FIXTURES = ("performance", "improvement", "options", "commentary", "spc_rebases")


@pytest.fixture
def report_content(db: None) -> None:
    """Load the source report's content (measures, timeline, actions, priorities, options)."""
    load_fixtures(*REPORT_FIXTURES)


def _user_in(role: str, username: str):
    if not Group.objects.filter(name=role).exists():
        # A transactional test flushed the tables, and with them the roles the migrations made.
        from django.apps import apps

        roles.sync_roles(apps)
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


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Start every test with an empty cache, so no page rendered by another test is served."""
    from django.core.cache import cache

    from core.cache import clear_local

    cache.clear()
    clear_local()
    yield
    cache.clear()
    clear_local()


@pytest.fixture
def large_dataset(db: None):
    """25 measures x 20 years of approved months, with drafts, targets, benchmarks and the rest."""
    from tests.datasets import build_large_dataset

    return build_large_dataset()


@pytest.fixture(autouse=True)
def _tasks_run_at_once(settings):
    """Run tasks in the test's own thread (the immediate backend): a job is done when started.

    The end-to-end tests with a real worker set the database backend back themselves.
    """
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.JOB_HEARTBEAT_SECONDS = 0
