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


def test_through_the_admin_no_file_gets_a_5xx_or_a_false_success(client, corpus_measures, settings):
    """Every case through the admin's preview and confirm pages, tallied: a page that answers 5xx,
    or a success message whose values are not all in the database, counts against it."""
    from django.contrib.messages import get_messages
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.urls import reverse

    user = UserFactory(is_superuser=True)
    client.force_login(user)
    kept = MeasureValue.objects.get().pk
    server_errors, false_successes, imported = [], [], 0
    defaults = {name: getattr(settings, name) for case in CASES for name in case.settings}
    for case in CASES:
        for name, limit in {**defaults, **case.settings}.items():
            setattr(settings, name, limit)
        upload = SimpleUploadedFile(case.file_name, case.data)
        page = client.post(
            reverse("admin:performance_measurevalue_import"), {"import_file": upload, "format": "0"}
        )
        if page.status_code >= 500:
            server_errors.append(case.name)
            continue
        form = page.context.get("confirm_form")
        if form is not None:
            done = client.post(
                reverse("admin:performance_measurevalue_process_import"),
                {name: form[name].value() for name in form.fields},
                follow=True,
            )
            if done.status_code >= 500:
                server_errors.append(case.name)
            said = " ".join(str(m) for m in get_messages(done.wsgi_request))
            written = MeasureValue.objects.exclude(pk=kept).count()
            if "saved as drafts" in said and (written != len(case.writes) or case.refused):
                false_successes.append(case.name)
            imported += written == len(case.writes) and not case.refused
        elif not case.refused:
            false_successes.append(f"{case.name} (refused)")
        MeasureValue.objects.exclude(pk=kept).delete()
        LogEntry.objects.all().delete()
        ValueImport.objects.all().delete()
    assert server_errors == []
    assert false_successes == []
    assert imported == sum(1 for case in CASES if not case.refused)
