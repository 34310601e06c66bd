"""Importing a file of monthly values: read it, check every row, write all of it or nothing."""

from __future__ import annotations

from performance.importing.parsing import read_values_file
from performance.importing.resources import MeasureValueResource


def import_values(data: bytes, *, user, dry_run: bool = False, submit: bool = False, name: str = ""):
    """Import a file of monthly values; return import-export's Result.

    All or nothing: a refused file raises ImportRefused; any bad row rolls the whole file back
    (the Result then holds every row's problems). Values are created as drafts (submitted when
    ``submit``) entered by ``user``, with provenance "officer entry", and their history written.
    """
    dataset = read_values_file(data, name=name)
    resource = MeasureValueResource(submit=submit)
    return resource.import_data(dataset, dry_run=dry_run, raise_errors=False, user=user, **ALL_OR_NOTHING)


# The options every import passes to import_data: without rollback_on_validation_errors the
# rows that passed are committed when others fail validation.
ALL_OR_NOTHING = {"use_transactions": True, "rollback_on_validation_errors": True}
