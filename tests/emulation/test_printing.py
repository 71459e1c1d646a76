import pytest
from django.urls import reverse

from emulation.models import SheetStatus
from tests.emulation.conftest import make_cluster, make_sheet
from tests.pdf import pdf_text

pytestmark = pytest.mark.django_db


def test_registration_list_prints_in_the_official_layout(personas, client_as, honours):
    make_sheet(personas.unit_a, 2023, honours, status=SheetStatus.ACCEPTED, code="CSTDCS")
    client = client_as(personas.officer_a)
    page = client.get(reverse("emulation:sheet_print", args=[2023, "SL-A"])).content.decode()
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in page and "print.css" in page
    text = pdf_text(client.get(reverse("emulation:sheet_pdf", args=[2023, "SL-A"])))
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Độc lập – Tự do – Hạnh phúc" in text
    assert "Sơn La, ngày" in text
    assert "ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2023" in text.upper()
    assert personas.person_a.full_name in text
    assert "Chiến sĩ thi đua cơ sở" in text


def test_pledge_prints_its_criteria_and_signatories(personas, client_as):
    cluster = make_cluster(personas.province, [personas.unit_a, personas.unit_b])
    cluster.pledge.signatories.set([personas.unit_a, personas.unit_b])
    text = pdf_text(
        client_as(personas.clerk).get(reverse("emulation:pledge_pdf", args=[cluster.pk]))
    )
    assert "GIAO ƯỚC THI ĐUA" in text
    assert "Tiêu chí 1" in text and "Tiêu chí 3" in text
    assert "100" in text
    assert "VKSND HUYỆN A" in text and "VKSND HUYỆN B" in text


def test_province_summary_prints_counts_by_unit_and_title(personas, client_as, honours):
    make_sheet(personas.unit_a, 2023, honours, status=SheetStatus.ACCEPTED)
    make_sheet(personas.unit_b, 2023, honours, status=SheetStatus.SUBMITTED, code="CSTDCS")
    client = client_as(personas.clerk)
    text = pdf_text(client.get(reverse("emulation:registrations_pdf", args=[2023])))
    assert "TỔNG HỢP ĐĂNG KÝ DANH HIỆU THI ĐUA NĂM 2023" in text.upper()
    assert "VKSND huyện A Đã tiếp nhận" in text and "VKSND huyện B Đã gửi" in text
    assert "CSTDCS: Chiến sĩ thi đua cơ sở" in text
    page = client_as(personas.officer_b).get(reverse("emulation:registrations_print", args=[2023]))
    assert "VKSND huyện A" not in page.content.decode()
