"""Re-sync the four roles so they hold the Council report packs' permissions (reports 0001).

Officers draft packs and see drafts; approvers also publish. Safe to re-run: sync_roles sets
each group's permissions exactly.
"""

from importlib import import_module

from django.db import migrations

create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0002_entry_roles"),
        ("reports", "0001_initial"),
        # The administrator role holds every permission, the sign-in records (django-axes) too.
        ("axes", "0010_accessattemptexpiration"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
