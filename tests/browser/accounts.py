"""Logging in and out through the real pages, in Vietnamese."""

from tests.conftest import PASSWORD


def log_in(page, username, password=PASSWORD, wait=True):
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    page.get_by_role("button", name="Đăng nhập").click()
    if wait:
        page.get_by_role("heading", name="Trang chính").wait_for()


def log_out(page):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="Đăng xuất").click()
    page.get_by_role("heading", name="Đăng nhập").wait_for()
