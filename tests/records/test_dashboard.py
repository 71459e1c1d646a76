import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_anonymous_is_sent_to_the_vietnamese_login_page(client):
    response = client.get(reverse("records:dashboard"))
    assert response.status_code == 302
    page = client.get(response.url)
    assert "Đăng nhập" in page.content.decode()


@pytest.mark.parametrize(
    "persona, panel",
    [
        ("staff", "my_honours"),
        ("officer_a", "missing_ratings"),
        ("clerk", "missing_ratings"),
        ("council_member", "council_seats"),
        ("chair", "council_seats"),
    ],
)
def test_each_role_sees_its_panel(personas, client_as, persona, panel):
    page = client_as(getattr(personas, persona)).get(reverse("records:dashboard"))
    assert page.status_code == 200
    assert f'data-panel="{panel}"' in page.content.decode()


def test_officer_sees_only_people_of_own_unit_without_rating(personas, client_as):
    page = client_as(personas.officer_a).get(reverse("records:dashboard")).content.decode()
    assert personas.person_a.full_name in page
    assert personas.person_b.full_name not in page
