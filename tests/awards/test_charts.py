"""The dashboard's charts of honours: data for the clerk's subtree through json_script, no inline
script, two aggregate queries at any size."""

import json
import re

import pytest
from django.urls import reverse

from awards.charts import chart_data
from tests.awards.reports_world import confer, people

pytestmark = pytest.mark.django_db


def test_clerk_sees_the_charts_with_data_in_json_script(personas, client_as):
    confer(people(personas.unit_a, 3, "CA"), [personas.unit_a], "BKN", year=2022)
    confer(people(personas.unit_b, 2, "CB"), code="GK", year=2023)
    page = client_as(personas.clerk).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="honour_charts"' in page
    found = re.search(
        r'<script id="honour-chart-data" type="application/json">(.*?)</script>', page
    )
    data = json.loads(found.group(1))
    assert data["byYear"]["labels"] == [2022, 2023]
    assert data["byYear"]["datasets"][0]["data"] == [3, 2]
    assert data["byYear"]["datasets"][1]["data"] == [1, 0]
    assert data["byHonour"]["labels"] == ["GK"]
    assert "vendor/chartjs/chart.umd.min.js" in page and "js/charts.js" in page
    # The content security policy allows no inline code: every other script has a src.
    inline = re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", page)
    assert inline == []


def test_charts_follow_the_scope_and_the_roles(personas, client_as):
    confer(people(personas.unit_b, 2, "CB"), code="GK", year=2023)
    personas.clerk.unit = personas.unit_a
    assert chart_data(personas.officer_a) is None
    assert chart_data(personas.admin)["byHonour"]["labels"] == ["GK"]
    for user in (personas.staff, personas.officer_a, personas.council_member):
        page = client_as(user).get(reverse("records:dashboard")).content.decode()
        assert 'data-panel="honour_charts"' not in page


@pytest.mark.parametrize("rows", [5, 50])
def test_chart_query_budget(personas, django_assert_num_queries, rows):
    for year in range(2015, 2015 + rows // 5):
        confer(people(personas.unit_a, 5, f"C{year}"), code="LDTT", year=year)
    clerk = personas.clerk
    assert clerk.visible_unit_ids  # scope computed once per request, before the panel
    # conferrals by year, conferrals by honour in the latest year
    with django_assert_num_queries(2):
        data = chart_data(clerk)
    assert sum(data["byYear"]["datasets"][0]["data"]) == min(rows, 50)
