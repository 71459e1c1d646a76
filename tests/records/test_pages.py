"""The organisation pages: the unit tree and unit page, the people list and person page."""

from datetime import date

import pytest
from django.urls import reverse

from records.models import (
    ConferralSource,
    Discipline,
    Leadership,
    Method,
    Rating,
    RecipientType,
    Unit,
    UnitKind,
)
from tests.conftest import make_person
from tests.records.factories import (
    add_conferrals,
    add_people,
    confer,
    merge_unit_b_into_a_regional_unit,
)

pytestmark = pytest.mark.django_db


def page_text(client, url, **params):
    response = client.get(url, params)
    assert response.status_code == 200
    return response.content.decode()


def listed_codes(response):
    return [person.staff_code for person in response.context["page"].object_list]


# --- Units ----------------------------------------------------------------------------------


def test_unit_tree_nests_units_and_lists_merged_units_under_their_successor(personas, client_as):
    merge_unit_b_into_a_regional_unit(personas)

    response = client_as(personas.admin).get(reverse("records:unit_list"))
    roots = response.context["roots"]
    assert [unit.code for unit in roots] == ["SONLA"]
    # Children of the province: active units by code; unit B now sits under its successor.
    assert [unit.code for unit in roots[0].tree_children] == ["SL-A", "SL-KV1", "SL-VP"]
    assert [unit.code for unit in roots[0].tree_children[1].tree_children] == ["SL-B"]
    html = response.content.decode()
    assert 'class="unit-merged" data-unit="SL-B"' in html
    assert "30/06/2025" in html
    assert "01/07/2025" in html


def test_officer_sees_only_the_subtree_of_own_unit(personas, client_as):
    Unit.objects.create(code="SL-A1", name="Tổ 1", kind=UnitKind.DEPARTMENT, parent=personas.unit_a)
    response = client_as(personas.officer_a).get(reverse("records:unit_list"))
    roots = response.context["roots"]
    assert [unit.code for unit in roots] == ["SL-A"]
    assert [unit.code for unit in roots[0].tree_children] == ["SL-A1"]
    assert "SL-B" not in response.content.decode()


def test_unit_page_shows_its_records_and_the_honours_of_its_subtree(personas, client_as):
    team = Unit.objects.create(
        code="SL-A1", name="Tổ 1", kind=UnitKind.DEPARTMENT, parent=personas.unit_a
    )
    old = Unit.objects.create(
        code="SL-OLD",
        name="VKSND huyện Cũ",
        kind=UnitKind.DISTRICT,
        valid_to=date(2025, 6, 30),
        merged_into=personas.unit_a,
    )
    make_person(team, "A0002", "Đỗ Thị Hoa", gender="female")
    make_person(old, "O0001", "Vũ Văn Cũ")
    person_a = personas.person_a
    confer(2023, "LDTT", "1/QĐ", person=person_a, unit=personas.unit_a)
    confer(2023, "BKN", "2/QĐ", person=person_a, unit=team)
    confer(2024, "LDTT", "3/QĐ", person=person_a, unit=old)
    confer(2023, "LDTT", "4/QĐ", person=personas.person_b, unit=personas.unit_b)
    for year, number in [(2022, "7/QĐ-VKSTC"), (2024, "9/QĐ-VKSTC")]:
        confer(year, "TTLDXS", number, unit=personas.unit_a, decision_date=date(year + 1, 1, 15))
    confer(2023, "TTLDTT", "8/QĐ-VKS", unit=old)
    confer(2023, "TTLDTT", "6/QĐ-VKS", unit=personas.unit_b)
    Rating.objects.create(
        year=2023, recipient_type=RecipientType.COLLECTIVE, unit=personas.unit_a, rating="excellent"
    )

    response = client_as(personas.officer_a).get(
        reverse("records:unit_detail", args=[personas.unit_a.code])
    )
    context = response.context
    assert [child.code for child in context["children"]] == ["SL-A1"]
    assert [unit.code for unit in context["merged_units"]] == ["SL-OLD"]
    assert context["people_count"] == 3  # person A, the team's person, the merged unit's person
    # Newest first, with those of the merged unit, without unit B's.
    assert [c.decision_number for c in context["collective_honours"]] == [
        "9/QĐ-VKSTC",
        "8/QĐ-VKS",
        "7/QĐ-VKSTC",
    ]
    # Unit B's LDTT stays out; the merged unit's and the team's honours roll up.
    summary = [
        (row["year"], row["honour__code"], row["count"]) for row in context["individual_honours"]
    ]
    assert summary == [(2024, "LDTT", 1), (2023, "BKN", 1), (2023, "LDTT", 1)]
    html = response.content.decode()
    assert "15/01/2025" in html
    assert f"{reverse('records:person_list')}?unit=SL-A" in html
    assert "Hoàn thành xuất sắc nhiệm vụ" in html
    # Officer A may not open the province page: the parent is named without a link.
    assert reverse("records:unit_detail", args=["SONLA"]) not in html


# --- People ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["nguyen van", "NGUYỄN VĂN", "an A0001", "Nguyen Van An"])
def test_people_search_ignores_case_and_diacritics(personas, client_as, text):
    response = client_as(personas.admin).get(reverse("records:person_list"), {"q": text})
    assert listed_codes(response) == ["A0001"]


def test_people_filters_by_unit_with_subtree_leadership_and_gender(personas, client_as):
    team = Unit.objects.create(
        code="SL-A1", name="Tổ 1", kind=UnitKind.DEPARTMENT, parent=personas.unit_a
    )
    make_person(team, "A0002", "Đỗ Thị Hoa", gender="female", leadership=Leadership.DIVISION)
    client = client_as(personas.admin)
    url = reverse("records:person_list")
    assert listed_codes(client.get(url, {"unit": "SL-A"})) == ["A0001", "A0002"]
    assert listed_codes(client.get(url, {"unit": "SL-A1"})) == ["A0002"]
    assert listed_codes(client.get(url, {"gender": "female"})) == ["A0002", "B0001", "VP0002"]
    assert listed_codes(client.get(url, {"leadership": "division"})) == ["A0002"]
    assert listed_codes(client.get(url, {"unit": "SONLA", "gender": "male", "q": "van"})) == [
        "A0001",
        "VP0001",
        "SL0001",
    ]


def test_people_list_is_scoped_and_ignores_units_outside_the_scope(personas, client_as):
    client = client_as(personas.officer_a)
    url = reverse("records:person_list")
    assert listed_codes(client.get(url)) == ["A0001"]
    response = client.get(url, {"unit": "SL-B"})
    assert listed_codes(response) == ["A0001"]
    choices = [code for code, _label in response.context["filter"].form.fields["unit"].choices]
    assert "SL-B" not in [str(code) for code in choices]


def test_people_list_pages_by_fifty(personas, client_as):
    add_people(personas.unit_a, 120)
    client = client_as(personas.admin)
    url = reverse("records:person_list")
    first = client.get(url, {"unit": "SL-A"})
    assert len(first.context["page"].object_list) == 50
    assert first.context["page"].paginator.count == 121
    html = first.content.decode()
    assert "?unit=SL-A&amp;page=2" in html
    last = client.get(url, {"unit": "SL-A", "page": 3})
    assert len(last.context["page"].object_list) == 21


def test_person_page_shows_the_whole_history(personas, client_as):
    person = personas.person_a
    confer(
        2021,
        "GK",
        "12/QĐ-VKS",
        person=person,
        unit=personas.unit_a,
        method=Method.THEMATIC,
        campaign="Vì người nghèo",
        decision_date=date(2021, 11, 5),
        issuer="VKSND tỉnh Sơn La",
        source=ConferralSource.DECISION,
    )
    add_conferrals(3, recipient_type=RecipientType.INDIVIDUAL, person=person, unit=personas.office)
    Rating.objects.create(
        year=2023, recipient_type=RecipientType.INDIVIDUAL, person=person, rating="good"
    )
    Discipline.objects.create(
        person=person, level="reprimand", start_date=date(2019, 3, 1), decision_number="5/QĐ-KL"
    )
    html = page_text(
        client_as(personas.staff), reverse("records:person_detail", args=[person.staff_code])
    )
    for expected in [
        "12/QĐ-VKS",
        "05/11/2021",
        "Vì người nghèo",
        "Giấy khen",
        "Văn phòng",  # the unit at the time of the imported rows
        "2/QĐ-VKS",
        "5/QĐ-KL",
        "01/03/2019",
        "01/03/2005",  # date of joining the sector
    ]:
        assert expected in html
    # Staff members do not see unit pages: their unit is named without a link.
    assert reverse("records:unit_detail", args=["SL-A"]) not in html


def test_dashboard_panels_link_to_person_pages(personas, client_as):
    add_conferrals(1, recipient_type=RecipientType.INDIVIDUAL, person=personas.person_a)
    person_url = reverse("records:person_detail", args=["A0001"])
    assert f'href="{person_url}"' in page_text(
        client_as(personas.staff), reverse("records:dashboard")
    )
    assert f'href="{person_url}"' in page_text(
        client_as(personas.officer_a), reverse("records:dashboard")
    )


# --- Query budgets --------------------------------------------------------------------------
# Every page costs the same for the clerk (unit-scoped, with a person record), on every request:
# session, the user with their unit and person, the user's groups (roles), the unit subtree
# (the scope), each read once per request (records.backends)
REQUEST_QUERIES = 4
PERMISSION_CHECK = 2  # the user's own and group permissions, for views that check one


@pytest.mark.parametrize("rows", [5, 50])
def test_people_list_query_budget(personas, client_as, django_assert_num_queries, rows):
    add_people(personas.unit_a, rows)
    client = client_as(personas.clerk)
    # the filter's unit, all unit links (its subtree), count, the page of people with their
    # units, the unit choices of the filter form
    with django_assert_num_queries(REQUEST_QUERIES + PERMISSION_CHECK + 5):
        response = client.get(reverse("records:person_list"), {"unit": "SL-A", "q": "nguoi"})
    assert len(response.context["page"].object_list) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_unit_list_query_budget(personas, client_as, django_assert_num_queries, rows):
    Unit.objects.bulk_create(
        Unit(code=f"SL-A{n:03d}", name=f"Tổ {n}", kind=UnitKind.DEPARTMENT, parent=personas.unit_a)
        for n in range(rows)
    )
    for unit in Unit.objects.filter(parent=personas.unit_a):
        add_people(unit, 2, prefix=unit.code)
    client = client_as(personas.clerk)
    # the visible units, the people count of each unit (one aggregate)
    with django_assert_num_queries(REQUEST_QUERIES + PERMISSION_CHECK + 2):
        response = client.get(reverse("records:unit_list"))
    unit_a = response.context["roots"][0].tree_children[0]
    assert (unit_a.code, len(unit_a.tree_children)) == ("SL-A", rows)


@pytest.mark.parametrize("rows", [5, 50])
def test_unit_page_query_budget(personas, client_as, django_assert_num_queries, rows):
    Unit.objects.bulk_create(
        Unit(code=f"SL-A{n:03d}", name=f"Tổ {n}", kind=UnitKind.DEPARTMENT, parent=personas.unit_a)
        for n in range(rows)
    )
    add_conferrals(rows, recipient_type=RecipientType.COLLECTIVE, unit=personas.unit_a)
    add_conferrals(
        rows,
        recipient_type=RecipientType.INDIVIDUAL,
        person=personas.person_a,
        unit=personas.unit_a,
    )
    Rating.objects.bulk_create(
        Rating(
            year=1990 + n,
            recipient_type=RecipientType.COLLECTIVE,
            unit=personas.unit_a,
            rating="good",
        )
        for n in range(rows)
    )
    client = client_as(personas.clerk)
    # the unit with its parent and successor, all unit links (its subtree), the individual
    # honours summary (one aggregate), the people count, children, merged units, ratings,
    # collective honours with their honours
    with django_assert_num_queries(REQUEST_QUERIES + PERMISSION_CHECK + 8):
        response = client.get(reverse("records:unit_detail", args=["SL-A"]))
    assert len(response.context["collective_honours"]) == rows
    assert sum(row["count"] for row in response.context["individual_honours"]) == rows


@pytest.mark.parametrize("rows", [5, 50])
def test_person_page_query_budget(personas, client_as, django_assert_num_queries, rows):
    person = personas.person_a
    add_conferrals(
        rows, recipient_type=RecipientType.INDIVIDUAL, person=person, unit=personas.unit_a
    )
    Rating.objects.bulk_create(
        Rating(year=1990 + n, recipient_type=RecipientType.INDIVIDUAL, person=person, rating="good")
        for n in range(rows)
    )
    Discipline.objects.bulk_create(
        Discipline(
            person=person,
            level="reprimand",
            start_date=date(1990 + n, 1, 1),
            decision_number=f"{n}/KL",
        )
        for n in range(rows)
    )
    client = client_as(personas.clerk)
    # the person with their unit, conferrals with honours and units, ratings, discipline, the
    # initiatives section (their authorships: none here, so no recognitions to fetch), the
    # awards section "what is still missing for next year" (2 rule set, 8 facts)
    with django_assert_num_queries(REQUEST_QUERIES + 5 + 10):
        response = client.get(reverse("records:person_detail", args=["A0001"]))
    assert len(response.context["conferrals"]) == rows
