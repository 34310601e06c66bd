"""Re-sync the four roles so the administrator holds the import previews' permissions
(performance 0004). Safe to re-run: sync_roles sets each group's permissions exactly.
"""

from importlib import import_module

from django.db import migrations

create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_job_roles"),
        ("performance", "0007_value_import_previews"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
