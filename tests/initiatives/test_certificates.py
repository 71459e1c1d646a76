"""Certificates of recognition per author: printable page and PDF (official layout)."""

import pytest
from django.urls import reverse

from initiatives.importing import write_rows
from initiatives.models import Recognition
from tests.initiatives.factories import people, recognised_rows
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


@pytest.fixture
def recognition(personas):
    authors = [personas.person_a, *people(personas.unit_a, 1)]
    write_rows(recognised_rows(personas.unit_a, authors, 1))
    return Recognition.objects.get()


def urls(recognition, name="certificate_pdf"):
    return [
        reverse(f"initiatives:{name}", args=[recognition.pk, author.pk])
        for author in recognition.initiative.authors.all()
    ]


def test_a_certificate_per_author(personas, client_as, recognition):
    client = client_as(personas.officer_a)
    main, co = urls(recognition)
    response = client.get(main)
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response)
    for expected in [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "GIẤY CHỨNG NHẬN SÁNG KIẾN",
        "Nguyễn Văn An",
        "là tác giả sáng kiến",
        "60%",
        "cấp cơ sở",
        "0/QĐ-VKS",
        "ngày 15 tháng 08 năm 2023",
    ]:
        assert expected in text, expected
    co_text = pdf_text(client.get(co))
    assert "là đồng tác giả sáng kiến" in co_text and "40%" in co_text


def test_the_printable_page_uses_the_print_layout(personas, client_as, recognition):
    page = client_as(personas.staff).get(urls(recognition, "certificate")[0])
    assert page.status_code == 200
    assert "css/print.css" in page.content.decode()
    assert 'class="official"' in page.content.decode()


def test_certificates_are_scoped(personas, client_as, recognition):
    main, co = urls(recognition)
    assert client_as(personas.officer_b).get(main).status_code == 404
    other = people(personas.unit_b, 1, "Q")[0]
    write_rows(recognised_rows(personas.unit_b, [other, personas.person_b], 1, start=5))
    foreign_author = Recognition.objects.exclude(pk=recognition.pk).get().initiative.authors.first()
    wrong = reverse("initiatives:certificate_pdf", args=[recognition.pk, foreign_author.pk])
    assert client_as(personas.admin).get(wrong).status_code == 404
