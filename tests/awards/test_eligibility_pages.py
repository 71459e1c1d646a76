"""The eligibility pages: the report per unit and honour with its export, and the list of
commemorative medals; scoped to the user, a constant number of queries."""

import re
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from openpyxl import load_workbook

from awards import eligibility_views
from records.models import Person, Rating, RecipientType

pytestmark = pytest.mark.django_db
YEAR = 2023


def add_people(unit, count, prefix):
    people = Person.objects.bulk_create(
        Person(
            unit=unit,
            staff_code=f"{prefix}{number:04d}",
            full_name=f'=HYPERLINK("x") {number}' if number == 0 else f"Người {number}",
            gender="male",
            sector_start_date=date(2000, 1, 1),
        )
        for number in range(count)
    )
    Rating.objects.bulk_create(
        Rating(year=YEAR, recipient_type=RecipientType.INDIVIDUAL, person=person, rating="good")
        for person in people
    )
    return people


def test_report_lists_the_subtree_with_reasons_and_filters(personas, client_as):
    add_people(personas.unit_a, 3, "X")
    url = reverse("awards:eligibility")
    client = client_as(personas.clerk)
    page = client.get(url, {"year": YEAR, "unit": personas.unit_a.pk, "honour": "LDTT"})
    assert page.status_code == 200
    statuses = [entry.result.status for entry in page.context["page"].object_list]
    # The three new people are eligible; person A has no rating for the year.
    assert statuses.count("eligible") == 3 and statuses.count("needs_info") == 1
    assert "Luật" in page.content.decode() or "Điều" in page.content.decode()
    only = client.get(
        url, {"year": YEAR, "unit": personas.unit_a.pk, "honour": "LDTT", "status": "needs_info"}
    )
    assert [entry.recipient for entry in only.context["page"].object_list] == ["A0001"]


def test_report_shows_a_page_of_rows_with_the_counts_and_exports_them_all(
    personas, client_as, monkeypatch
):
    monkeypatch.setattr(eligibility_views, "ROWS_PER_PAGE", 2)
    add_people(personas.unit_a, 3, "X")
    client = client_as(personas.clerk)
    params = {"year": YEAR, "unit": personas.unit_a.pk, "honour": "LDTT"}
    first = client.get(reverse("awards:eligibility"), params)
    html = first.content.decode()
    assert [entry.recipient for entry in first.context["page"]] == ["A0001", "X0000"]
    assert "Đủ điều kiện: <strong>3</strong>" in html  # counted over every page
    assert "Cần bổ sung thông tin: <strong>1</strong>" in html
    assert "dòng 1–2 / 4" in html
    next_link = re.search(r'href="\?([^"]*page=2[^"]*)"', html).group(1).replace("&amp;", "&")
    second = client.get(reverse("awards:eligibility") + "?" + next_link)
    assert [entry.recipient for entry in second.context["page"]] == ["X0001", "X0002"]
    export = re.search(r'href="\?([^"]*format=xlsx)"', second.content.decode()).group(1)
    assert "page=" not in export
    workbook = client.get(reverse("awards:eligibility") + "?" + export.replace("&amp;", "&"))
    sheet = load_workbook(BytesIO(workbook.content)).active
    assert sheet.max_row == 1 + 4  # the header and every row, not the page


def test_report_exports_xlsx_with_safe_cells(personas, client_as):
    add_people(personas.unit_a, 2, "X")
    response = client_as(personas.officer_a).get(
        reverse("awards:eligibility"),
        {"year": YEAR, "unit": personas.unit_a.pk, "honour": "LDTT", "format": "xlsx"},
    )
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(response.content)).active
    names = [row[1] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert any(name.startswith("'=") for name in names)  # neutralised formula


def test_report_is_scoped_and_role_checked(personas, client_as):
    url = reverse("awards:eligibility")
    outside = client_as(personas.officer_a).get(
        url, {"year": YEAR, "unit": personas.unit_b.pk, "honour": "LDTT"}
    )
    assert outside.status_code == 200 and outside.context["page"].object_list == []
    assert outside.context["form"].errors  # unit B is not a choice for unit A's officer
    assert client_as(personas.staff).get(url).status_code == 403
    assert client_as(personas.initiative_member).get(url).status_code == 403
    assert client_as(None).get(url).status_code == 302


def test_report_refuses_a_year_without_rules(personas, client_as):
    page = client_as(personas.clerk).get(
        reverse("awards:eligibility"), {"year": 2001, "unit": personas.unit_a.pk}
    )
    assert page.context["error"]


@pytest.mark.parametrize("count", [5, 50])
def test_report_query_budget(personas, client_as, count, django_assert_num_queries):
    add_people(personas.unit_a, count, "X")
    client = client_as(personas.clerk)
    url = reverse("awards:eligibility")
    params = {"year": YEAR, "unit": personas.unit_a.pk, "honour": "CSTDCS"}
    # 3 base + 1 scope + 1 unit choice + 2 rule set
    # + 1 subtree + 8 facts + 1 rendering the unit choices.
    with django_assert_num_queries(17):
        page = client.get(url, params)
    assert len(page.context["page"].object_list) == count + 1


def test_knc_list_and_its_printed_form(personas, client_as):
    add_people(personas.unit_a, 2, "X")  # joined in 2000: 15 years reached long ago
    url = reverse("awards:knc")
    client = client_as(personas.clerk)
    page = client.get(url, {"year": YEAR, "unit": personas.unit_a.pk})
    codes = [row["staff_code"] for row in page.context["rows"]]
    assert codes == ["A0001", "X0000", "X0001"]
    printed = client.get(url, {"year": YEAR, "unit": personas.unit_a.pk, "print": 1})
    assert "base_print.html" in [template.name for template in printed.templates]
    assert "X0001" in printed.content.decode()
    assert client_as(personas.staff).get(url).status_code == 403


def test_knc_list_pages_on_screen_and_prints_whole(personas, client_as, monkeypatch):
    monkeypatch.setattr(eligibility_views, "ROWS_PER_PAGE", 2)
    add_people(personas.unit_a, 2, "X")
    url = reverse("awards:knc")
    client = client_as(personas.clerk)
    params = {"year": YEAR, "unit": personas.unit_a.pk}
    second = client.get(url, {**params, "page": 2})
    assert [row["staff_code"] for row in second.context["rows"]] == ["X0001"]
    assert "<tr><td>3</td><td>X0001</td>" in second.content.decode()  # numbered on from page 1
    printed = client.get(url, {**params, "page": 2, "print": 1}).content.decode()
    assert all(code in printed for code in ("A0001", "X0000", "X0001"))


@pytest.mark.parametrize("count", [5, 50])
def test_knc_query_budget(personas, client_as, count, django_assert_num_queries):
    add_people(personas.unit_a, count, "X")
    client = client_as(personas.clerk)
    with django_assert_num_queries(17):
        client.get(reverse("awards:knc"), {"year": YEAR, "unit": personas.unit_a.pk})


def test_command_is_discoverable_and_prints_the_issue_json(personas):
    import json

    add_people(personas.unit_a, 1, "X")
    out = StringIO()
    call_command("eligibility", year=YEAR, unit="SL-A", honour="LDTT", stdout=out)
    rows = json.loads(out.getvalue())
    assert {row["recipient"] for row in rows} == {"A0001", "X0000"}
    for row in rows:
        assert set(row) == {"recipient", "honour", "status", "reasons"}
        assert row["status"] in ("eligible", "not_eligible", "needs_info")
        assert row["honour"] == "LDTT" and all(isinstance(r, str) for r in row["reasons"])


def test_person_page_shows_what_is_missing_for_next_year(personas, client_as):
    page = client_as(personas.clerk).get(reverse("records:person_detail", args=["A0001"]))
    html = page.content.decode()
    assert 'id="person-outlook"' in html
    assert 'data-honour="LDTT"' in html and 'data-honour="KNC"' in html
