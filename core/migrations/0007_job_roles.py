"""Re-sync the four roles so administrators hold the jobs' permissions (core 0004): they see
every job and the jobs panel in the admin. Safe to re-run: sync_roles sets each group exactly.
"""

from importlib import import_module

from django.db import migrations

create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [("core", "0006_jobs"), ("django_tasks_database", "0021_conditional_partial_index_ordering")]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
