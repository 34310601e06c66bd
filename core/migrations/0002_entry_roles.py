"""Re-sync the four roles so they hold permissions of models added since 0001.

MeasureCommentary (performance 0002) came after the roles were first made, so the administrator
group lacked its permissions. Safe to re-run: sync_roles sets each group's permissions exactly.
"""

from importlib import import_module

from django.db import migrations

# The first roles migration's function: create any missing permissions, then sync the groups.
create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_roles"),
        ("performance", "0003_entry_target_version_and_reasons"),
        ("improvement", "0002_entry_action_history_reason"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
