"""Near-duplicates: shown with a similarity figure on submission and review; the clerk marks
them."""

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from initiatives.similarity import similar_to, similarity
from tests.initiatives.factories import make_initiative

pytestmark = pytest.mark.django_db


def test_similarity_ignores_case_and_diacritics():
    assert similarity("Giải pháp SỐ HÓA hồ sơ", "", "giai phap so hoa ho so", "") == 1
    assert similarity("Số hóa hồ sơ kiểm sát", "", "Tổ chức phiên tòa trực tuyến", "") < 0.5


def test_earlier_initiatives_of_any_year_and_unit_are_found(personas):
    old = make_initiative(
        personas.admin,
        personas.unit_b,
        [(personas.person_b, 100)],
        title="Số hóa hồ sơ kiểm sát án hình sự",
        year=2019,
    )
    make_initiative(
        personas.admin, personas.unit_b, [(personas.person_b, 100)], title="Tổ chức phiên tòa"
    )
    matches = similar_to("Số hoá hồ sơ kiểm sát các vụ án hình sự", "")
    assert [m.pk for m in matches] == [old.pk]
    assert 50 <= matches[0].percent < 100
    assert matches[0].year == 2019


def test_the_clerk_marks_a_duplicate_from_the_review_page(personas, client_as):
    old = make_initiative(
        personas.admin, personas.unit_b, [(personas.person_b, 100)], title="Số hóa hồ sơ"
    )
    new = make_initiative(
        personas.staff,
        personas.unit_a,
        [(personas.person_a, 100)],
        title="Số hoá hồ sơ",
        submit=True,
    )
    detail = client_as(personas.clerk).get(reverse("initiatives:detail", args=[new.pk]))
    page = detail.content.decode()
    assert old.code in page and "Đánh dấu trùng lặp" in page
    url = reverse("initiatives:duplicate", args=[new.pk])
    assert client_as(personas.clerk).get(url).status_code == 405
    assert client_as(personas.officer_b).post(url, {"original": old.pk}).status_code == 404
    assert client_as(personas.staff).post(url, {"original": old.pk}).status_code == 403
    assert client_as(personas.clerk).post(url, {"original": old.pk}).status_code == 302
    assert Initiative.objects.get(pk=new.pk).duplicate_of == old
    page = client_as(personas.clerk).post(url, {"original": old.pk}, follow=True).content.decode()
    assert "đã được đánh dấu" in page
    # The author sees the figure but cannot mark.
    author_page = client_as(personas.staff).get(reverse("initiatives:detail", args=[new.pk]))
    assert "Đánh dấu trùng lặp" not in author_page.content.decode()
