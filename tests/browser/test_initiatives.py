"""An author submits an initiative, an initiative council member scores it and the clerk records
its recognition, each in their own browser session, in Vietnamese."""

import pytest
from django.core.management import call_command

from initiatives.models import Initiative, Status
from records.demo import DEMO_PASSWORD
from tests.browser.accounts import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Sổ tay điện tử tra cứu quy trình kiểm sát tạm giữ"


@pytest.fixture
def session(browser, live_server):
    """`session(username)`: a logged-in page of its own browser context."""
    contexts = []

    def open_as(username):
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        log_in(page, username, DEMO_PASSWORD)
        return page

    yield open_as
    for context in contexts:
        context.close()


def test_submit_score_and_recognise(session, screenshot):
    call_command("seed_demo")

    author = session("canbo.mocchau")
    author.get_by_role("link", name="Sáng kiến", exact=True).click()
    author.get_by_role("link", name="Đăng ký sáng kiến mới").click()
    author.locator("#id_title").fill(TITLE)
    author.locator("#id_summary").fill("Tra cứu nhanh các bước kiểm sát tạm giữ trên điện thoại.")
    author.locator("#id_first_applied_on").fill("2026-02-01")
    assert author.locator("#id_authors-0-share").input_value() == "100"
    author.get_by_role("button", name="Lưu").click()
    author.get_by_text("Đã lưu sáng kiến.").wait_for()
    author.get_by_role("button", name="Gửi Hội đồng").click()
    author.get_by_text("Đã gửi sáng kiến tới Hội đồng sáng kiến.").wait_for()
    screenshot(author, "initiative-submitted")
    initiative = Initiative.objects.get(title=TITLE)
    assert initiative.status == Status.SUBMITTED

    member = session("sangkien")
    panel = member.locator('[data-panel="initiatives_to_score"]')
    panel.get_by_role("link", name=TITLE, exact=False).click()
    member.get_by_role("link", name="Chấm điểm").click()
    for field in member.locator("input[name^=criterion_]").all():
        field.fill("25")
    member.locator("#id_comment").fill("Có tính mới, áp dụng được trong toàn tỉnh.")
    member.get_by_role("button", name="Ghi điểm chấm").click()
    member.get_by_text("Đã ghi nhận điểm chấm của bạn.").wait_for()
    assert "75" in member.locator("#reviews").inner_text()
    screenshot(member, "initiative-scored")

    clerk = session("vanphong")
    clerk.goto(f"/initiatives/{initiative.pk}/")
    clerk.locator("#id_outcome").select_option("recognised")
    clerk.locator("#id_level").select_option("grassroots")
    clerk.locator("#id_decision_number").fill("87/QĐ-VKS")
    clerk.locator("#id_decision_date").fill("2026-11-20")
    clerk.get_by_role("button", name="Ghi kết quả").click()
    clerk.get_by_text("Đã ghi kết quả xét của Hội đồng.").wait_for()
    history = clerk.locator("#recognitions").inner_text()
    assert "Cấp cơ sở" in history and "87/QĐ-VKS" in history and "20/11/2026" in history
    screenshot(clerk, "initiative-recognised")
    assert Initiative.objects.get(pk=initiative.pk).status == Status.RECOGNISED
