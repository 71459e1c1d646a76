from pathlib import Path

import pytest

from awards.models import SessionStatus
from tests.awards.conftest import Awards
from tests.browser.accounts import log_in
from tests.conftest import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_member_votes_then_clerk_closes_and_downloads_the_minutes(
    browser, live_server, page, screenshot, tmp_path
):
    awards = Awards(Personas())
    nomination = awards.nominate("CSTDCS", person=awards.p.person_b)
    session = awards.open([nomination])

    log_in(page, "member")
    page.locator('[data-panel="sessions_to_vote"] a').click()
    page.get_by_role("radio", name="Đồng ý", exact=True).check()
    page.get_by_role("button", name="Gửi phiếu bầu").click()
    page.get_by_text("Đã ghi nhận phiếu bầu kín của bạn.").wait_for()
    assert "Bạn đã bỏ phiếu trong phiên họp này." in page.content()
    screenshot(page, "awards-member-voted")

    clerk_context = browser.new_context(base_url=live_server.url, locale="vi-VN")
    clerk = clerk_context.new_page()
    log_in(clerk, "clerk")
    clerk.goto(session.get_absolute_url())
    clerk.get_by_role("button", name="Kết thúc phiên họp").click()
    clerk.get_by_text("Phiên họp đã kết thúc và kết quả đã được tính.").wait_for()
    assert "1 / 11 thành viên" in clerk.content()
    screenshot(clerk, "awards-session-closed")
    with clerk.expect_download() as download_info:
        clerk.get_by_role("link", name="Tải biên bản (PDF)").click()
    path = Path(tmp_path) / "minutes.pdf"
    download_info.value.save_as(path)
    assert path.read_bytes().startswith(b"%PDF")
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    clerk_context.close()
