"""Re-sync the four roles so they hold the child population's permissions (performance 0005).

Staff read it; officers add and correct it, as they do the published benchmarks. Safe to
re-run: sync_roles sets each group's permissions exactly.
"""

from importlib import import_module

from django.db import migrations

create_roles = import_module("core.migrations.0001_roles").create_roles


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0004_spc_rebase_roles"),
        ("performance", "0006_measure_basis_target_basis_publication_and_population"),
    ]

    operations = [migrations.RunPython(create_roles, migrations.RunPython.noop)]
