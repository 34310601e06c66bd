"""Every file of the corpus (tests/performance/import_corpus.py) through preview and confirm.

A refused file must say each fragment of its case (row, column, cause) and write nothing: no
value, no history, no admin log entry, no stored preview. A file that imports must store exactly
its case's values, say how many it wrote and log exactly those.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.admin.models import LogEntry

from performance.importing.parsing import ImportRefused
from performance.importing.services import import_confirm, import_preview
from performance.models import ImportStatus, Measure, MeasureValue, ValueImport, ValueStatus
from tests.factories import MeasureFactory, MeasureValueFactory, UserFactory
from tests.performance import import_corpus

pytestmark = pytest.mark.django_db
CASES = import_corpus.cases()


@pytest.fixture
def corpus_measures():
    for code, name, unit, places, active, started in import_corpus.MEASURES:
        MeasureFactory(
            code=code,
            name=name,
            unit=unit,
            decimal_places=places,
            active=active,
            started_on=dt.date.fromisoformat(started) if started else None,
        )
    code, month, value = import_corpus.EXISTING
    MeasureValueFactory(
        measure=Measure.objects.get(code=code),
        period=dt.date.fromisoformat(month),
        value=value,
        status=ValueStatus.DRAFT,
        approved_at=None,
    )


def _import(case, user) -> tuple[bool, list[str]]:
    """Preview and, when the preview passes, confirm; return (imported, messages)."""
    try:
        preview = import_preview(data=case.data, user=user, name=case.file_name)
    except ImportRefused as refusal:
        return False, [str(refusal)]
    if preview.stored is None:
        result = preview.result
        return False, [m for row in result.invalid_rows for ms in row.error_dict.values() for m in ms]
    outcome = import_confirm(token=preview.stored.token, sha256=preview.stored.sha256, user=user)
    return outcome.ok, [outcome.message, *outcome.problems]


def test_the_corpus_holds_at_least_sixty_bad_or_awkward_files():
    assert len(CASES) >= 60
    assert len({case.name for case in CASES}) == len(CASES)


@pytest.mark.parametrize("case", [c for c in CASES if c.refused], ids=lambda c: c.name)
def test_a_bad_file_is_refused_saying_where_and_why_and_writes_nothing(case, corpus_measures, settings):
    for name, limit in case.settings.items():
        setattr(settings, name, limit)
    user = UserFactory(is_superuser=True)
    imported, messages = _import(case, user)
    assert not imported
    text = "\n".join(messages)
    for fragment in case.says:
        assert fragment in text
    assert MeasureValue.objects.count() == 1  # the value stored before the case, alone
    assert MeasureValue.history.filter(history_type="+", history_user=user).count() == 0
    assert LogEntry.objects.count() == 0
    assert not ValueImport.objects.exists()


@pytest.mark.parametrize("case", [c for c in CASES if not c.refused], ids=lambda c: c.name)
def test_a_good_file_imports_exactly_its_values(case, corpus_measures):
    user = UserFactory(is_superuser=True)
    imported, messages = _import(case, user)
    assert imported, messages
    new = MeasureValue.objects.exclude(pk=MeasureValue.objects.order_by("pk").first().pk)
    stored = {(v.measure.code, f"{v.period:%Y-%m}"): v.value for v in new.select_related("measure")}
    assert stored == case.writes
    assert all(v.status == ValueStatus.DRAFT and v.entered_by == user for v in new)
    assert f"{len(case.writes)} value{'s' if len(case.writes) != 1 else ''} saved as drafts" in messages[0]
    assert LogEntry.objects.filter(user=user).count() == len(case.writes)
    assert ValueImport.objects.get().status == ImportStatus.IMPORTED
