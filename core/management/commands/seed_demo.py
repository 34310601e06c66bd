"""Create the demo users, one per role. Development only: refuses in production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

from core import roles

# Demo passwords are published in the README; they exist only in development.
DEMO_USERS = [
    ("admin", "Administrator (superuser)", roles.ADMINISTRATOR, True),
    ("officer", "Performance officer", roles.OFFICER, False),
    ("approver", "Performance manager (approver)", roles.APPROVER, False),
    ("councillor", "Councillor (viewer)", roles.VIEWER, False),
]
DEMO_PASSWORD_SUFFIX = "-demo-2016"


class Command(BaseCommand):
    help = "Create demo users (admin, officer, approver, councillor) for development. Safe to re-run."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.DEMO_USERS:
            raise CommandError("seed_demo refuses to run in production: demo users would be a back door.")
        user_model = get_user_model()
        for username, full_name, role, is_superuser in DEMO_USERS:
            user, created = user_model.objects.get_or_create(username=username)
            first, _, last = full_name.partition(" ")
            user.first_name, user.last_name = first, last
            user.is_staff = True
            user.is_superuser = is_superuser
            user.set_password(username + DEMO_PASSWORD_SUFFIX)
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"{'Created' if created else 'Updated'} {username} ({role})")
        self.stdout.write(
            self.style.SUCCESS(
                f"\nSign in to the admin at {settings.DEV_SERVER_URL}"
                + settings.ADMIN_URL
                + "\n"
                + "\n".join(f"  {u:<11} password {u}{DEMO_PASSWORD_SUFFIX}" for u, *_ in DEMO_USERS)
            )
        )
