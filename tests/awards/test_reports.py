"""The yearly summary and the statistics forms as pages, print views, PDFs and workbooks: figures,
scope (an officer sees only their subtree, staff nothing), merged units, query budgets."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from awards import reports
from records.models import Leadership, Method, Unit, UnitKind
from tests.awards.reports_world import confer, people
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def ledger(personas):
    """BKN to 3 people of A and to unit A, a thematic GK to 2 people of B, KNC to one leader of
    the province; and rows of another year that no 2023 report counts."""
    confer(people(personas.unit_a, 3, "RA"), [personas.unit_a], "BKN")
    confer(
        people(personas.unit_b, 2, "RB"),
        code="GK",
        method=Method.THEMATIC,
        campaign="Thi đua chuyên đề",
    )
    confer(
        people(personas.province, 1, "RL", leadership=Leadership.MINISTRY),
        code="HCLD3",
        method=Method.SERVICE,
    )
    confer(people(personas.unit_a, 2, "Y"), code="BKN", year=2022)
    return personas


def url(name, unit, year=2023, *args):
    return f"{reverse(name, args=args)}?unit={unit.pk}&year={year}"


def test_summary_counts_the_subtree_by_honour_method_and_campaign(ledger):
    result = reports.summary(ledger.province, 2023)
    assert [(line.honour, line.method, line.campaign) for line in result.lines] == [
        ("HCLD3", "service", ""),
        ("BKN", "regular", ""),
        ("GK", "thematic", "Thi đua chuyên đề"),
    ]
    assert [(line.collectives, line.individuals) for line in result.lines] == [
        (0, 1),
        (1, 3),
        (0, 2),
    ]
    assert (result.collectives, result.individuals) == (1, 6)
    only_a = reports.summary(ledger.unit_a, 2023)
    assert [(line.honour, line.total) for line in only_a.lines] == [("BKN", 4)]


def test_units_merged_into_a_unit_roll_up_to_it(ledger):
    old = Unit.objects.create(
        code="SL-OLD", name="VKSND huyện cũ", kind=UnitKind.DISTRICT, merged_into=ledger.unit_a
    )
    confer(units=[old], code="BKN")
    line = reports.summary(ledger.unit_a, 2023).lines[0]
    assert (line.collectives, line.individuals) == (2, 3)


def test_summary_page_for_the_clerk(ledger, client_as):
    response = client_as(ledger.clerk).get(url("awards:summary", ledger.province))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Thi đua chuyên đề" in page
    assert "1 tập thể, 3 cá nhân được Viện trưởng VKSND tối cao tặng Bằng khen" in page
    # Without a query string: the user's own unit and last year, shown with the form.
    assert client_as(ledger.clerk).get(reverse("awards:summary")).status_code == 200


def test_summary_pdf_and_workbook(ledger, client_as):
    client = client_as(ledger.clerk)
    response = client.get(url("awards:summary_pdf", ledger.province))
    assert response["Content-Disposition"].startswith("attachment")
    text = pdf_text(response)
    assert len(PdfReader(BytesIO(response.content)).pages) == 1
    assert "TỔNG HỢP KHEN THƯỞNG NĂM 2023" in text.upper()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Tổng cộng 1 6" in text
    assert "Huân chương Lao động hạng Ba" in text
    # The whole sector's workbook is made in the background: its job page, then the download.
    job_page = client.get(url("awards:summary_xlsx", ledger.province), follow=True)
    assert "Tải về" in job_page.content.decode()
    response = client.get(reverse("records:job_result", args=[job_page.context["job"].pk]))
    sheets = load_workbook(BytesIO(response.content))
    rows = list(sheets.worksheets[0].values)
    assert len(rows) == 4
    assert rows[2][0] == "BKN" and rows[2][4:] == (1, 3)
    print_page = client.get(url("awards:summary_print", ledger.province)).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in print_page


def test_reports_are_scoped_to_the_user(ledger, client_as):
    summary = url("awards:summary", ledger.unit_a)
    assert client_as(ledger.officer_a).get(summary).status_code == 200
    # The province and unit B lie outside officer A's subtree.
    for unit in (ledger.province, ledger.unit_b):
        for name in ("awards:summary", "awards:summary_pdf", "awards:summary_xlsx"):
            assert client_as(ledger.officer_a).get(url(name, unit)).status_code == 404
        stats = url("awards:statistics", unit, 2023, "0603")
        assert client_as(ledger.officer_a).get(stats).status_code == 404
    # Staff members read no report; anonymous visitors are sent to log in.
    assert client_as(ledger.staff).get(summary).status_code == 403
    assert (
        client_as(ledger.staff).get(reverse("awards:statistics", args=["0602"])).status_code == 403
    )
    assert client_as(None).get(summary).status_code == 302
    assert (
        client_as(ledger.clerk).get(reverse("awards:statistics", args=["9999"])).status_code == 404
    )


def test_officer_default_unit_is_their_own(ledger, client_as):
    response = client_as(ledger.officer_a).get(reverse("awards:summary") + "?year=2023")
    assert response.context["summary"].unit == ledger.unit_a


def test_bad_year_is_reported_in_the_form(ledger, client_as):
    response = client_as(ledger.clerk).get(
        reverse("awards:summary") + f"?unit={ledger.province.pk}&year=abc"
    )
    assert response.status_code == 200
    assert "summary" not in response.context
    assert response.context["form"].errors["year"]


def test_form_0602_breaks_down_by_category_and_method(ledger):
    from awards import statistics

    form = statistics.build("0602", ledger.province, 2023)
    assert [row.label.split(" ")[0] for row in form.rows] == [
        "HCLD1",
        "HCLD2",
        "HCLD3",
        "CTDCP",
        "CSTDTQ",
        "BKTTG",
    ] or len(form.rows) == 6
    hcld3 = next(row for row in form.rows if row.label.startswith("HCLD3"))
    columns = [str(column) for column in form.columns]
    values = dict(zip(columns, hcld3.values, strict=True))
    assert values[str(Leadership.MINISTRY.label)] == 1
    assert values[str(Method.SERVICE.label)] == 1
    assert hcld3.values[:3] == [1, 0, 1]
    assert form.totals[0] == 1
    form = statistics.build("0603", ledger.province, 2023)
    bkn = next(row for row in form.rows if row.label.startswith("BKN"))
    assert bkn.values[:3] == [4, 1, 3]
    assert bkn.values[3:7] == [0, 0, 0, 3]


def test_form_0601_counts_the_subtrees_campaigns(ledger):
    from datetime import date

    from awards import statistics
    from emulation.models import Campaign

    Campaign.objects.create(
        name="Vì người nghèo",
        form="thematic",
        level="agency",
        scope="unit",
        launching_unit=ledger.province,
        start_date=date(2023, 1, 1),
        end_date=date(2025, 12, 31),
    )
    form = statistics.build("0601", ledger.province, 2023)
    agency = form.rows[2]
    assert agency.values[0] == 1
    assert form.totals[0] == 1
    assert statistics.build("0601", ledger.unit_a, 2023).totals[0] == 0


@pytest.mark.parametrize("code", ["0601", "0602", "0603"])
def test_statistics_pdf_and_workbook(ledger, client_as, code):
    client = client_as(ledger.clerk)
    response = client.get(url("awards:statistics_pdf", ledger.province, 2023, code))
    text = pdf_text(response)
    assert f"{code}.N" in text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert len(PdfReader(BytesIO(response.content)).pages) == 1
    response = client.get(url("awards:statistics_xlsx", ledger.province, 2023, code))
    rows = list(load_workbook(BytesIO(response.content)).worksheets[0].values)
    assert rows[-1][0] in ("Tổng cộng", "Total")
    page = client.get(url("awards:statistics", ledger.province, 2023, code))
    assert page.status_code == 200


@pytest.mark.parametrize("rows", [5, 50])
def test_report_query_budgets(personas, client_as, django_assert_num_queries, rows):
    confer(people(personas.unit_a, rows, "Q"), [personas.unit_a], "BKN")
    confer(people(personas.unit_b, rows, "R"), code="HCLD3")
    client = client_as(personas.clerk)
    # session, user, groups (roles), units (scope), the chosen unit, the unit choices, the
    # subtree, the honour lines, the initiatives
    with django_assert_num_queries(9):
        response = client.get(url("awards:summary", personas.province))
    assert response.context["summary"].individuals == 2 * rows
    # ... the same less the form's choices, plus whether the unit heads the sector (whose
    # workbook is made in the background), for the workbook of a unit
    with django_assert_num_queries(9):
        client.get(url("awards:summary_xlsx", personas.unit_a))
    # 0602/0603: session, user, groups, scope, chosen unit, choices, subtree, counts, honours
    for code in ("0602", "0603"):
        with django_assert_num_queries(9):
            client.get(url("awards:statistics", personas.province, 2023, code))
    # 0601: session, user, groups, scope, chosen unit, choices, subtree, campaigns
    with django_assert_num_queries(8):
        client.get(url("awards:statistics", personas.province, 2023, "0601"))


def test_command_writes_every_format(ledger, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    xlsx, pdf = tmp_path / "summary.xlsx", tmp_path / "summary.pdf"
    call_command("award_summary", year=2023, unit="SONLA", format="xlsx", output=str(xlsx))
    rows = list(load_workbook(xlsx).worksheets[0].values)
    assert [row[0] for row in rows[1:]] == ["HCLD3", "BKN", "GK"]
    call_command("award_summary", year=2023, unit="SONLA", format="pdf", output=str(pdf))
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "Tổng cộng 1 6" in text
    with pytest.raises(CommandError):
        call_command("award_summary", year=2023, unit="SONLA", format="pdf")
    with pytest.raises(CommandError):
        call_command("award_summary", year=2023, unit="NOWHERE", stdout=StringIO())
    out = StringIO()
    call_command("award_summary", year=2023, unit="SL-A", format="text", stdout=out)
    assert out.getvalue().startswith("Năm 2023, VKSND huyện A có 1 tập thể, 3 cá nhân")


def test_an_administrator_without_a_unit_starts_at_the_top(ledger, client_as):
    ledger.admin.unit = None
    ledger.admin.save()
    response = client_as(ledger.admin).get(reverse("awards:summary") + "?year=2023")
    assert response.context["summary"].unit == ledger.province
    assert response.context["summary"].individuals == 6
