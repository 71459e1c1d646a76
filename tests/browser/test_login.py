import pytest

from tests.conftest import PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def log_in(page, username):
    page.goto("/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()


def test_staff_logs_in_in_vietnamese_and_switches_to_english(page, personas, screenshot):
    log_in(page, "staff")
    page.get_by_role("heading", name="Trang chính").wait_for()
    assert page.locator("html").get_attribute("lang") == "vi"
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Dashboard").wait_for()
    assert page.locator("html").get_attribute("lang") == "en"
    assert screenshot(page, "staff-dashboard-en").stat().st_size > 0
