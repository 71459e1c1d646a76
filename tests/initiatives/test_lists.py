"""Lists and reports: scoping and query budgets (the same number of queries at 5 and 50 rows)."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from initiatives.importing import write_rows
from tests.initiatives.factories import make_initiative, people, recognised_rows

pytestmark = pytest.mark.django_db


@pytest.fixture
def authors(personas):
    return [personas.person_a, *people(personas.unit_a, 9)]


@pytest.mark.parametrize("rows", [5, 50])
def test_list_query_budget(personas, client_as, authors, rows, django_assert_num_queries):
    write_rows(recognised_rows(personas.unit_a, authors, rows))
    client = client_as(personas.clerk)
    # session, user, roles, units of the subtree, count, page, authors with
    # their people
    with django_assert_num_queries(7):
        page = client.get(reverse("initiatives:list"))
    assert page.content.decode().count('href="/initiatives/') >= rows


def test_list_is_scoped(personas, client_as):
    mine = make_initiative(personas.staff, personas.unit_a, [(personas.person_a, 100)])
    other = make_initiative(
        personas.admin, personas.unit_b, [(personas.person_b, 100)], title="Ở đơn vị B"
    )
    for user, seen, unseen in [
        (personas.staff, mine, other),
        (personas.officer_a, mine, other),
        (personas.officer_b, other, mine),
    ]:
        page = client_as(user).get(reverse("initiatives:list")).content.decode()
        assert seen.title in page and unseen.title not in page
    assert (
        client_as(personas.staff).get(reverse("initiatives:detail", args=[other.pk])).status_code
        == 404
    )
    filtered = client_as(personas.clerk).get(reverse("initiatives:list"), {"title": "đơn vị B"})
    assert other.title in filtered.content.decode()
    assert mine.title not in filtered.content.decode()


@pytest.mark.parametrize("rows", [5, 50])
def test_person_page_query_budget(personas, client_as, authors, rows, django_assert_num_queries):
    write_rows(recognised_rows(personas.unit_a, authors[:2], rows))
    url = reverse("initiatives:person", args=[personas.person_a.pk])
    client = client_as(personas.officer_a)
    # session, user, roles, units, person, authorships with initiatives,
    # recognitions
    with django_assert_num_queries(7):
        page = client.get(url).content.decode()
    assert page.count("Cấp cơ sở") == rows
    assert client_as(personas.officer_b).get(url).status_code == 404
    # A staff member sees their own page only.
    assert client_as(personas.staff).get(url).status_code == 200
    other = reverse("initiatives:person", args=[authors[1].pk])
    assert client_as(personas.staff).get(other).status_code == 404


def test_the_template_tag_for_the_person_page(personas, authors, django_assert_num_queries):
    write_rows(recognised_rows(personas.unit_a, authors[:2], 3))
    template = Template("{% load initiatives_tags %}{% person_initiatives person %}")
    with django_assert_num_queries(2):
        html = template.render(Context({"person": personas.person_a}))
    assert html.count("Sáng kiến số") == 3
    assert "1/QĐ-VKS" in html


@pytest.mark.parametrize("rows", [5, 50])
def test_counts_query_budget(personas, client_as, authors, rows, django_assert_num_queries):
    write_rows(recognised_rows(personas.unit_a, authors, rows))
    write_rows(
        recognised_rows(
            personas.unit_b, people(personas.unit_b, 2, "Q"), 2, start=900, level="sector"
        )
    )
    client = client_as(personas.officer_a)
    # session, user, roles, units, the counts
    with django_assert_num_queries(5):
        page = client.get(reverse("initiatives:counts"))
    assert page.context["rows"] == [
        {
            "year": 2023,
            "level": "grassroots",
            "initiatives": rows,
            "authors": min(rows + 1, 10),
            "level_label": "Cấp cơ sở",
        }
    ]


def test_dashboard_panels(personas, client_as, seat):
    waiting = make_initiative(
        personas.staff, personas.unit_a, [(personas.person_a, 100)], submit=True
    )
    own = make_initiative(
        personas.clerk, personas.unit_a, [(seat.person, 100)], submit=True, title="Của tôi"
    )
    page = client_as(personas.initiative_member).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="initiatives_to_score"' in page
    assert waiting.title in page and own.title not in page
    page = client_as(personas.staff).get(reverse("records:dashboard")).content.decode()
    assert 'data-panel="my_initiatives"' in page and waiting.title in page


def test_the_person_page_lists_the_persons_initiatives(personas, client_as, authors):
    write_rows(recognised_rows(personas.unit_a, authors[:2], 1))
    page = client_as(personas.clerk).get(
        reverse("records:person_detail", args=[personas.person_a.staff_code])
    )
    html = page.content.decode()
    assert 'id="initiatives"' in html
    assert "Sáng kiến số 0 về công tác kiểm sát" in html
