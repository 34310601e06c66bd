"""The pack pages, downloads and admin: who sees what, and published packs stay read-only."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from reports import services
from reports.models import CouncilReport, ReportFile, ReportStatus
from tests.factories import CouncilReportFactory
from tests.reports.builders import build_pack_data
from tests.reports.extract import xlsx_cells

pytestmark = pytest.mark.django_db


@pytest.fixture
def packs():
    build_pack_data()
    published = CouncilReportFactory(title="Published pack")
    services.report_publish(report=published, user=None)
    draft = CouncilReportFactory(
        title="Draft pack", period_start=dt.date(2015, 11, 1), period_end=dt.date(2016, 4, 1)
    )
    return CouncilReport.objects.get(pk=published.pk), draft


def test_a_councillor_sees_published_packs_but_no_drafts(client, councillor, packs):
    published, draft = packs
    client.force_login(councillor)

    body = client.get(reverse("reports:index")).content.decode()

    assert "Published pack" in body
    assert "Draft pack" not in body
    assert client.get(reverse("reports:print", args=[draft.pk])).status_code == 404
    assert client.get(reverse("reports:download", args=[draft.pk, "xlsx"])).status_code == 404
    assert client.get(reverse("reports:print", args=[published.pk])).status_code == 200


def test_an_officer_sees_drafts_marked_as_drafts(client, officer, packs):
    _, draft = packs
    client.force_login(officer)

    body = client.get(reverse("reports:index")).content.decode()
    printed = client.get(reverse("reports:print", args=[draft.pk])).content.decode()

    assert "Draft pack" in body
    assert "Published pack" in body
    assert "DRAFT: not published, figures may change" in printed


def test_someone_not_signed_in_is_sent_to_sign_in(client, packs):
    response = client.get(reverse("reports:index"))

    assert response.status_code == 302
    assert "login" in response["Location"]


def test_the_pack_list_costs_a_fixed_number_of_queries(client, officer, packs, django_assert_max_num_queries):
    client.force_login(officer)
    for i in range(5):
        CouncilReportFactory(title=f"Another draft {i}")

    with django_assert_max_num_queries(8):
        assert client.get(reverse("reports:index")).status_code == 200


def test_the_printable_view_shows_the_snapshot_with_charts_summaries_and_tables(client, councillor, packs):
    published, _ = packs
    client.force_login(councillor)

    body = client.get(reverse("reports:print", args=[published.pk])).content.decode()

    measures = published.snapshot.data["measures"]
    for measure in measures:
        assert f'data-chart="{measure["chart"]["id"]}-data"' in body
        assert measure["chart"]["summary"].replace("'", "&#x27;") in body
    assert body.count('<table class="pack-table">') >= len(measures)
    assert "Date of meeting</dt><dd>not stated" in body
    assert "<script>" not in body


def test_a_published_pack_downloads_its_stored_file_and_keeps_it(client, councillor, packs):
    published, _ = packs
    client.force_login(councillor)

    first = client.get(reverse("reports:download", args=[published.pk, "xlsx"]))
    second = client.get(reverse("reports:download", args=[published.pk, "xlsx"]))

    assert first["Content-Disposition"] == 'attachment; filename="council-report-2015-05-to-2016-04.xlsx"'
    assert first.content == second.content
    assert ReportFile.objects.filter(snapshot__report=published, format="xlsx").count() == 1
    assert "Scorecard" in xlsx_cells(first.content)


def test_an_unknown_format_is_not_found(client, councillor, packs):
    published, _ = packs
    client.force_login(councillor)

    assert client.get(reverse("reports:download", args=[published.pk, "odt"])).status_code == 404


def test_the_admin_publish_action_freezes_the_pack(client, superuser, packs):
    _, draft = packs
    client.force_login(superuser)

    response = client.post(
        reverse("admin:reports_councilreport_changelist"),
        {"action": "publish_selected", "_selected_action": [draft.pk]},
        follow=True,
    )

    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == ReportStatus.PUBLISHED


def test_an_officer_cannot_publish_from_the_admin(client, officer, packs):
    _, draft = packs
    officer.is_staff = True
    officer.save()
    client.force_login(officer)

    client.post(reverse("admin:reports_councilreport_publish", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT


def test_the_admin_shows_a_published_pack_read_only_with_export_buttons(client, superuser, packs):
    published, _ = packs
    client.force_login(superuser)
    url = reverse("admin:reports_councilreport_change", args=[published.pk])

    page = client.get(url).content.decode()
    client.post(
        url, {"title": "Changed", "meeting": "x", "period_start": "2015-05-01", "period_end": "2016-04-01"}
    )

    for fmt in ("pdf", "docx", "xlsx"):
        assert reverse("reports:download", args=[published.pk, fmt]) in page
    assert "Publish…" not in page
    assert CouncilReport.objects.get(pk=published.pk).title == "Published pack"


def test_the_admin_publish_page_publishes_a_draft(client, superuser, packs):
    _, draft = packs
    client.force_login(superuser)
    url = reverse("admin:reports_councilreport_publish", args=[draft.pk])

    assert client.get(url).status_code == 200
    client.post(url)

    draft.refresh_from_db()
    assert draft.is_published


def test_report_export_prints_progress_and_writes_the_file(tmp_path, packs):
    published, _ = packs
    out = io.StringIO()

    call_command("report_export", published.pk, "--format", "xlsx", "--out", str(tmp_path), stdout=out)

    assert "xlsx: rendering..." in out.getvalue()
    assert "Done." in out.getvalue()
    assert (tmp_path / "council-report-2015-05-to-2016-04.xlsx").exists()


def test_seed_report_pack_makes_one_demo_pack_with_no_meeting_date():
    build_pack_data()
    out = io.StringIO()

    call_command("seed_report_pack", stdout=out)
    call_command("seed_report_pack", stdout=out)

    [pack] = CouncilReport.objects.all()
    assert (pack.period_start, pack.period_end) == (dt.date(2015, 5, 1), dt.date(2016, 4, 1))
    assert pack.meeting_date is None
    assert pack.meeting_date_label == "not stated"
    assert "Found pack" in out.getvalue()


def test_storing_a_file_another_process_already_stored_keeps_one(packs):
    published, _ = packs
    services.report_export(report=published, formats=["xlsx"])

    services._store(published, "xlsx", b"same content")

    assert ReportFile.objects.filter(snapshot__report=published).count() == 1
