"""Look-up of a person's or a unit's honours over the years: search without diacritics, the
user's scope, revoked rows left out, the printed history, query budgets."""

import pytest
from django.urls import reverse

from records.models import Method
from tests.awards.reports_world import confer, people
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(personas):
    confer([personas.person_a], code="LDTT", year=2021)
    confer([personas.person_a], code="CSTDCS", year=2022)
    confer([personas.person_b], code="BKN", year=2023)
    confer(units=[personas.unit_a], code="TTLDXS", year=2023, method=Method.REGULAR)
    return personas


def test_search_ignores_diacritics_and_stays_in_scope(history, client_as):
    lookup = reverse("awards:lookup")
    response = client_as(history.clerk).get(lookup, {"q": "nguyen van an"})
    assert [p.staff_code for p in response.context["people"]] == ["A0001"]
    response = client_as(history.clerk).get(lookup, {"q": "huyen a"})
    assert [u.code for u in response.context["units"]] == ["SL-A"]
    # Officer A does not find the people or units of unit B.
    response = client_as(history.officer_a).get(lookup, {"q": "tran thi binh"})
    assert response.context["people"] == []
    response = client_as(history.officer_a).get(lookup, {"q": "huyen b"})
    assert response.context["units"] == []
    # A staff member finds themselves only.
    response = client_as(history.staff).get(lookup, {"q": "nguyen"})
    assert [p.staff_code for p in response.context["people"]] == ["A0001"]
    assert response.context["units"] == []


def test_person_history_lists_the_years_and_prints(history, client_as):
    client = client_as(history.clerk)
    url = reverse("awards:history", args=["person", history.person_a.pk])
    response = client.get(url)
    rows = response.context["conferrals"]
    assert [(row.year, row.honour.code) for row in rows] == [(2022, "CSTDCS"), (2021, "LDTT")]
    pdf = client.get(reverse("awards:history_pdf", args=["person", history.person_a.pk]))
    text = pdf_text(pdf)
    assert "Nguyễn Văn An" in text and "Chiến sĩ thi đua cơ sở" in text
    assert "Lao động tiên tiến" in text
    printed = client.get(reverse("awards:history_print", args=["person", history.person_a.pk]))
    assert "Chiến sĩ thi đua cơ sở" in printed.content.decode()


def test_unit_history_lists_collective_honours_only(history, client_as):
    response = client_as(history.clerk).get(
        reverse("awards:history", args=["unit", history.unit_a.pk])
    )
    assert [row.honour.code for row in response.context["conferrals"]] == ["TTLDXS"]


def test_histories_are_scoped(history, client_as):
    person_b = reverse("awards:history", args=["person", history.person_b.pk])
    unit_b = reverse("awards:history", args=["unit", history.unit_b.pk])
    for path in (
        person_b,
        unit_b,
        reverse("awards:history_pdf", args=["person", history.person_b.pk]),
    ):
        assert client_as(history.officer_a).get(path).status_code == 404
        assert client_as(history.staff).get(path).status_code == 404
    own = reverse("awards:history", args=["person", history.person_a.pk])
    assert client_as(history.staff).get(own).status_code == 200
    assert client_as(None).get(own).status_code == 302


@pytest.mark.parametrize("rows", [5, 50])
def test_lookup_query_budgets(personas, client_as, django_assert_num_queries, rows):
    found = people(personas.unit_a, rows, "QZ")
    for year in range(2000, 2000 + rows):
        confer(found[:1], code="LDTT", year=year)
    client = client_as(personas.clerk)
    # session, user, the head of the audit chain (the data version: key of the user's roles and
    # scope, and of kept pages), groups, scope, people found, units (folded in Python)
    with django_assert_num_queries(6):
        response = client.get(reverse("awards:lookup"), {"q": "nguyen qz"})
    assert len(response.context["people"]) == rows
    # session, audit chain head (the user with their roles and scope is kept from the first
    # request: no record changed), the person, the ledger rows
    with django_assert_num_queries(6):
        response = client.get(reverse("awards:history", args=["person", found[0].pk]))
    assert len(response.context["conferrals"]) == rows
