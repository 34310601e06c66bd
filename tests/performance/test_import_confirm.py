"""The import's confirm step tells the truth: bound to its file and months, once, read back.

Also the month grid's lost races and the services' own validation, which no path skips.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from performance.entry.services import Entry, value_save
from performance.importing.services import import_confirm, import_preview, import_values
from performance.models import ImportStatus, MeasureValue, Unit, ValueImport
from tests.factories import MeasureFactory, MeasureValueFactory, UserFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = reverse("admin:performance_measurevalue_import")
CONFIRM_URL = reverse("admin:performance_measurevalue_process_import")
CHANGELIST = reverse("admin:performance_measurevalue_changelist")
APRIL = dt.date(2016, 4, 1)
FILE = b"measure,month,value\r\ncin,Apr-16,12\r\ncin,May-16,13\r\n"
SAID = (
    "2 values saved as drafts from values.csv, read back from the database: "
    + "1 measure, April 2016 to May 2016."
)


@pytest.fixture
def cin():
    return MeasureFactory(code="cin", name="Children in need", unit=Unit.COUNT, decimal_places=0)


@pytest.fixture
def user():
    return UserFactory(username="importer", is_superuser=True)


def _preview(data=FILE, user=None):
    return import_preview(data=data, user=user, name="values.csv")


def _confirm(preview, user):
    return import_confirm(token=preview.stored.token, sha256=preview.stored.sha256, user=user)


def test_a_confirm_writes_the_file_and_says_what_it_read_back(cin, user):
    outcome = _confirm(_preview(user=user), user)
    assert outcome.ok
    assert outcome.written == 2
    assert outcome.message == SAID
    assert LogEntry.objects.filter(user=user).count() == 2


def test_a_confirm_after_another_import_filled_a_month_is_refused_naming_the_row(cin, user):
    preview = _preview(user=user)
    other = UserFactory(username="colleague", is_superuser=True)
    import_values(b"measure,month,value\r\ncin,May-16,99\r\n", user=other)
    outcome = _confirm(preview, user)
    assert not outcome.ok
    assert outcome.written == 0
    assert (
        "Nothing was imported: since values.csv was previewed, values were entered for 1 value"
        in outcome.message
    )
    assert "Children in need, May 2016" in outcome.message
    assert outcome.problems[0].startswith(
        "Row 3: cin (Children in need), May 2016: a value (99, draft) was entered by colleague"
    )
    assert list(MeasureValue.objects.values_list("value", flat=True)) == [Decimal("99")]
    assert LogEntry.objects.filter(user=user).count() == 0
    assert ValueImport.objects.get(token=preview.stored.token).status == ImportStatus.REFUSED


def test_a_confirm_after_a_value_in_its_months_changed_is_refused(cin, user):
    value = MeasureValueFactory(measure=cin, period=dt.date(2016, 6, 1), status="draft", approved_at=None)
    data = FILE + b"cin,Jun-16,14\r\n"
    preview = _preview(data, user)
    assert preview.stored is None  # June already has a value: refused at preview
    value.delete()
    preview = _preview(data, user)
    MeasureValueFactory(measure=cin, period=dt.date(2016, 6, 1), status="draft", approved_at=None)
    assert not _confirm(preview, user).ok
    assert MeasureValue.objects.count() == 1


def test_a_second_confirm_is_a_message_and_writes_nothing_more(cin, user):
    preview = _preview(user=user)
    assert _confirm(preview, user).ok
    again = _confirm(preview, user)
    assert not again.ok
    assert "was already imported at" in again.message
    assert "(2 values written then)" in again.message
    assert MeasureValue.objects.count() == 2
    assert LogEntry.objects.count() == 2


def test_a_confirm_after_the_preview_expired_is_refused(cin, user):
    preview = _preview(user=user)
    ValueImport.objects.filter(pk=preview.stored.pk).update(
        expires_at=timezone.now() - dt.timedelta(seconds=1)
    )
    outcome = _confirm(preview, user)
    assert not outcome.ok
    assert "the preview of values.csv expired at" in outcome.message
    assert "was refused at" in _confirm(preview, user).message
    assert MeasureValue.objects.count() == 0


def test_a_confirm_of_another_file_or_by_another_user_writes_nothing(cin, user):
    preview = _preview(user=user)
    outcome = import_confirm(token=preview.stored.token, sha256="0" * 64, user=user)
    assert "is not the file that was previewed" in outcome.message
    stranger = UserFactory(is_superuser=True)
    assert "This preview is not known" in _confirm(_preview(user=user), stranger).message
    assert MeasureValue.objects.count() == 0


# The admin ---------------------------------------------------------------------------------------


def _admin_preview(client, data=FILE):
    upload = SimpleUploadedFile("values.csv", data, content_type="text/csv")
    return client.post(IMPORT_URL, {"import_file": upload, "format": "0"})


def _admin_confirm(client, response):
    form = response.context["confirm_form"]
    return client.post(CONFIRM_URL, {name: form[name].value() for name in form.fields}, follow=True)


def test_the_preview_shows_what_it_understood_with_the_confirm_below(client, cin, user):
    client.force_login(user)
    page = _admin_preview(client, b'measure,month,value\r\ncin,Apr-16,"1,234"\r\n').content.decode()
    assert "Children in need (cin)" in page
    assert "April 2016" in page
    assert ">1234<" in page
    assert ">1,234<" in page
    assert page.index("import-preview") < page.index("Confirm import")


def test_the_admin_says_what_was_written_and_lists_the_new_drafts_first(client, cin, user):
    MeasureValueFactory(measure=cin, period=dt.date(2015, 4, 1))
    client.force_login(user)
    response = _admin_confirm(client, _admin_preview(client))
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said == [SAID]
    assert response.request["PATH_INFO"] == CHANGELIST
    listed = list(response.context["cl"].result_list)
    assert [v.period for v in listed[:2]] == [dt.date(2016, 5, 1), dt.date(2016, 4, 1)]


def test_a_double_click_on_confirm_is_a_message_not_a_500(client, cin, user):
    client.force_login(user)
    preview = _admin_preview(client)
    _admin_confirm(client, preview)
    response = _admin_confirm(client, preview)
    assert response.status_code == 200
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("was already imported" in m for m in said)
    assert not any(m.startswith("Import finished") for m in said)
    assert MeasureValue.objects.count() == 2


def test_a_refused_confirm_shows_no_success_and_logs_nothing(client, cin, user):
    client.force_login(user)
    preview = _admin_preview(client)
    import_values(b"measure,month,value\r\ncin,Apr-16,1\r\n", user=UserFactory(username="other"))
    response = _admin_confirm(client, preview)
    said = [str(m) for m in get_messages(response.wsgi_request)]
    assert said[0].startswith("Nothing was imported")
    assert any(m.startswith("Row 2: cin (Children in need), April 2016") for m in said)
    assert not any("Import finished" in m or "saved as drafts" in m for m in said)
    assert LogEntry.objects.count() == 0
    assert MeasureValue.objects.count() == 1


def test_a_tampered_confirm_is_a_message_not_a_500(client, cin, user):
    client.force_login(user)
    response = client.post(CONFIRM_URL, {"token": "not-a-token", "sha256": "x"}, follow=True)
    assert response.status_code == 200
    assert "nothing was imported" in str(next(iter(get_messages(response.wsgi_request))))


# The services validate every write ---------------------------------------------------------------


def test_value_save_refuses_a_future_month_whatever_the_caller(user):
    measure = MeasureFactory(unit=Unit.COUNT)
    future = timezone.localdate().replace(day=1) + dt.timedelta(days=40)
    with pytest.raises(ValidationError) as caught:
        value_save(measure=measure, period=future.replace(day=1), entry=Entry(Decimal("5")), user=user)
    assert "has not happened yet" in caught.value.message_dict["period"][0]
    assert not MeasureValue.objects.exists()


def test_value_save_refuses_a_negative_ratio_as_a_draft(user):
    measure = MeasureFactory(unit=Unit.RATIO, name="Agency ratio")
    with pytest.raises(ValidationError) as caught:
        value_save(measure=measure, period=APRIL, entry=Entry(Decimal("-0.5")), user=user)
    assert (
        "Agency ratio), April 2016, value: a ratio cannot be negative"
        in caught.value.message_dict["value"][0]
    )
    assert not MeasureValue.objects.exists()


def test_value_save_refuses_a_month_filled_meanwhile_as_a_stale_edit(cin, user):
    MeasureValueFactory(measure=cin, period=APRIL, status="draft", approved_at=None)
    with pytest.raises(ValidationError) as caught:
        value_save(measure=cin, period=APRIL, entry=Entry(Decimal("5")), user=user)
    assert "already a value for April 2016" in str(caught.value)
    assert MeasureValue.objects.count() == 1


# The month grid ----------------------------------------------------------------------------------

GRID = reverse("admin:performance_measurevalue_month")


def _grid(client, data):
    return client.post(f"{GRID}?month=2016-04", data)


def test_an_empty_box_filled_by_someone_else_first_is_refused_like_a_stale_edit(client, officer, approver):
    count = MeasureFactory(code="cla", name="Children looked after", unit=Unit.COUNT)
    client.force_login(approver)
    _grid(client, {f"m-{count.id}-value": "6"})  # approver's page had the box empty
    client.force_login(officer)
    response = _grid(client, {f"m-{count.id}-value": "7"})  # so had the officer's
    assert response.status_code == 200
    page = response.content.decode()
    assert "was entered by approver" in page
    assert "Your value was not saved" in page
    assert list(MeasureValue.objects.values_list("value", flat=True)) == [Decimal("6")]


def test_a_numerator_and_denominator_without_a_value_give_the_value(client, officer):
    ratio = MeasureFactory(code="rr", name="Re-referrals", basis="percentage", decimal_places=1)
    client.force_login(officer)
    _grid(client, {f"m-{ratio.id}-numerator": "193", f"m-{ratio.id}-denominator": "1000"})
    stored = MeasureValue.objects.get()
    assert (stored.value, stored.numerator, stored.denominator) == (Decimal("19.3"), 193, 1000)


def test_parts_that_cannot_give_the_value_ask_for_it(client, officer):
    days = MeasureFactory(code="d", name="Days waited", unit=Unit.DAYS, basis="percentage")
    client.force_login(officer)
    response = _grid(client, {f"m-{days.id}-numerator": "5", f"m-{days.id}-denominator": "10"})
    assert "give the value as well as the numerator and denominator" in response.content.decode()
    assert not MeasureValue.objects.exists()


def test_the_grid_refuses_what_the_validator_refuses(client, officer):
    ratio = MeasureFactory(code="ar", name="Agency ratio", unit=Unit.RATIO)
    client.force_login(officer)
    response = _grid(client, {f"m-{ratio.id}-value": "-1"})
    assert "a ratio cannot be negative" in response.content.decode()
    assert not MeasureValue.objects.exists()
