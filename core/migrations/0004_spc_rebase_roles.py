"""Re-sync the four roles so they hold the permissions of measures' rebases (performance 0004).

Every staff role may read a measure's rebases with their reasons; administrators change them.
Safe to re-run: sync_roles sets each group's permissions exactly.
"""

from importlib import import_module

from django.db import migrations

create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0003_report_roles"),
        ("performance", "0004_spc_baseline_and_screening"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
