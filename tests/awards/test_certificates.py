"""Certificates on pre-printed blanks: calibration saved once per type (audited), the test page,
one page per recipient of an issued decision, the right people only."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.urls import reverse
from pypdf import PdfReader

from awards import services
from awards.models import CertificateCalibration
from records.models import AuditEvent, Honour
from tests.awards.test_document_pages import fields_for
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db

POSITIONS = {
    "landscape": "on",
    "font_size": "14",
    "name_x": "70",
    "name_y": "90",
    "unit_x": "70",
    "unit_y": "104",
    "text_x": "50",
    "text_y": "120",
    "decision_x": "60",
    "decision_y": "170",
}


def test_clerk_calibrates_a_certificate_type_once(personas, client_as):
    url = reverse("awards:calibrate", args=["GK"])
    client = client_as(personas.clerk)
    assert client.get(url).status_code == 200
    response = client.post(url, POSITIONS)
    assert response.status_code == 302
    saved = CertificateCalibration.objects.get(honour__code="GK")
    assert (saved.name_x, saved.decision_y) == (Decimal("70"), Decimal("170"))
    assert AuditEvent.objects.filter(action="calibrate_certificate").count() == 1
    client.post(url, {**POSITIONS, "name_x": "72.5"})
    saved.refresh_from_db()
    assert saved.name_x == Decimal("72.5")
    assert CertificateCalibration.objects.count() == 1
    # Bad input: a clear message, nothing saved.
    response = client.post(url, {**POSITIONS, "name_y": "900"})
    assert response.status_code == 200
    assert response.context["form"].errors["name_y"]
    saved.refresh_from_db()
    assert saved.name_y == Decimal("90")
    listing = client.get(reverse("awards:calibrations"))
    assert listing.status_code == 200


def test_only_clerks_and_administrators_calibrate(personas, client_as):
    url = reverse("awards:calibrate", args=["GK"])
    for user in (personas.officer_a, personas.staff, personas.council_member, personas.chair):
        assert client_as(user).get(url).status_code == 403
        assert client_as(user).post(url, POSITIONS).status_code == 403
    assert not CertificateCalibration.objects.exists()
    assert client_as(personas.admin).get(url).status_code == 200
    assert (
        client_as(personas.clerk).get(reverse("awards:calibrate", args=["XX"])).status_code == 404
    )


def test_test_page_uses_the_saved_positions(personas, client_as):
    client = client_as(personas.clerk)
    client.post(reverse("awards:calibrate", args=["GK"]), POSITIONS)
    response = client.get(reverse("awards:calibration_test", args=["GK"]))
    text = pdf_text(response)
    assert "Nguyễn Văn Mẫu" in text
    html = client.get(reverse("awards:calibration_test", args=["GK"]))
    assert html["Content-Type"] == "application/pdf"


def test_certificates_of_an_issued_decision(awards, client_as):
    first = awards.nominate("GK", summary="Hoàn thành xuất sắc nhiệm vụ năm 2023")
    second = awards.nominate("GK", person=awards.p.person_b, summary="Thành tích đột xuất")
    third = awards.nominate("GK", person=None, unit=awards.p.unit_a, summary="Tập thể tiêu biểu")
    awards.approved([first, second, third])
    draft = services.draft_decision(
        awards.p.clerk, [first, second, third], **fields_for(awards, "QĐ")
    )
    url = reverse("awards:decision_certificates", args=[draft.pk])
    # A draft prints nothing: back to the decision with a message.
    assert client_as(awards.p.clerk).get(url).status_code == 302
    decision = services.issue_decision(awards.p.clerk, draft)
    response = client_as(awards.p.clerk).get(url)
    assert len(PdfReader(BytesIO(response.content)).pages) == 3
    text = pdf_text(response)
    for name in ("Nguyễn Văn An", "Trần Thị Bình", "VKSND huyện A", "Thành tích đột xuất"):
        assert name in text
    assert text.count(decision.number) == 3
    # Officer B cannot see the province's decision; the chair sees it but does not print.
    assert client_as(awards.p.officer_b).get(url).status_code == 404
    assert client_as(awards.p.chair).get(url).status_code == 403
    assert Honour.objects.filter(code="GK").exists()
    detail = client_as(awards.p.clerk).get(decision.get_absolute_url()).content.decode()
    assert url in detail


@pytest.mark.parametrize("rows", [5, 50])
def test_certificates_query_budget(personas, client_as, django_assert_num_queries, rows):
    from datetime import date

    from awards.models import Decision, Nomination, NominationStatus
    from records.models import RecipientType
    from tests.awards.reports_world import people

    decision = Decision.objects.create(
        issuer_unit=personas.province,
        year=2023,
        number_seq=7,
        symbol="QĐ-VKS",
        date=date(2023, 12, 20),
        issuing_body="VKSND tỉnh Sơn La",
        signer="Hoàng Văn Trưởng",
        signer_position="Viện trưởng",
        subject="Khen thưởng",
        status="issued",
    )
    honour = Honour.objects.get(code="GK")
    Nomination.objects.bulk_create(
        Nomination(
            honour=honour,
            recipient_type=RecipientType.INDIVIDUAL,
            person=person,
            year=2023,
            method="regular",
            proposing_unit=personas.province,
            status=NominationStatus.CONFERRED,
            decision=decision,
        )
        for person in people(personas.unit_a, rows, "CQ")
    )
    client = client_as(personas.clerk)
    url = reverse("awards:decision_certificates", args=[decision.pk])
    # session, user, groups, scope, the decision, its nominations, the
    # calibrations
    with django_assert_num_queries(7):
        response = client.get(url)
    assert len(PdfReader(BytesIO(response.content)).pages) == rows
