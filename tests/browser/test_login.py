import pytest
from django.core.management import call_command

from records.demo import DEMO_PASSWORD, LOGINS
from tests.browser.accounts import log_in, log_out

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_every_demo_role_logs_in_in_vietnamese_and_switches_to_english(page, screenshot):
    call_command("seed_demo")
    for username, _role, _staff_code, _unit in LOGINS:
        log_in(page, username, DEMO_PASSWORD)
        assert page.locator("html").get_attribute("lang") == "vi"
        assert "Vai trò của bạn:" in page.content()
        page.get_by_role("button", name="English").click()
        page.get_by_role("heading", name="Dashboard").wait_for()
        assert page.locator("html").get_attribute("lang") == "en"
        assert screenshot(page, f"dashboard-{username}").stat().st_size > 0
        # Back to Vietnamese and out, for the next role.
        page.get_by_role("button", name="Tiếng Việt").click()
        page.get_by_role("heading", name="Trang chính").wait_for()
        log_out(page)


def test_wrong_password_is_refused_with_a_vietnamese_message(page):
    call_command("seed_demo")
    log_in(page, "vanphong", "wrong-password", wait=False)
    assert "Đăng nhập" in page.title()
    assert "không đúng" in page.content() or "Vui lòng" in page.content()
