import pytest

from emulation.models import Registration, RegistrationSheet, SheetStatus
from tests.browser.accounts import log_in, log_out
from tests.conftest import Personas, make_person

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_officer_registers_and_submits_then_the_clerk_accepts(page, screenshot):
    personas = Personas()
    second = make_person(personas.unit_a, "A0002", "Lò Thị Hoa", gender="female")
    log_in(page, "officer_a")
    page.get_by_role("link", name="Bản đăng ký thi đua năm").click()
    page.get_by_role("heading", name="Đăng ký thi đua năm").wait_for()
    assert page.get_by_label(second.full_name).input_value() != ""
    page.get_by_label(personas.person_a.full_name).select_option(label="Chiến sĩ thi đua cơ sở")
    page.get_by_label("Danh hiệu tập thể của đơn vị").select_option(
        label="Tập thể lao động tiên tiến"
    )
    page.get_by_role("button", name="Lưu và gửi").click()
    page.get_by_text("Đã gửi bản đăng ký.").wait_for()
    screenshot(page, "registration-submitted")
    log_out(page)

    log_in(page, "clerk")
    panel = page.locator('[data-panel="sheets_waiting"]')
    panel.get_by_role("link", name=personas.unit_a.name).click()
    page.get_by_role("button", name="Tiếp nhận").click()
    page.get_by_text("Đã tiếp nhận bản đăng ký.").wait_for()
    screenshot(page, "registration-accepted")

    sheet = RegistrationSheet.objects.get(unit=personas.unit_a)
    assert sheet.status == SheetStatus.ACCEPTED
    lines = {
        (line.person_id, line.honour.code)
        for line in Registration.objects.filter(sheet=sheet).select_related("honour")
    }
    assert lines == {
        (personas.person_a.pk, "CSTDCS"),
        (second.pk, "LDTT"),
        (None, "TTLDTT"),
    }
