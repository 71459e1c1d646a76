import pytest

from emulation.models import ClusterScore
from records.models import Conferral, Honour
from tests.browser.accounts import log_in
from tests.conftest import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_builds_a_cluster_pledge_and_ranking(page, screenshot):
    personas = Personas()
    log_in(page, "clerk")
    page.goto("/emulation/clusters/new/")
    page.get_by_label("Tên").fill("Cụm các huyện")
    page.get_by_label("Năm").fill("2023")
    page.get_by_label(personas.unit_a.name).check()
    page.get_by_label(personas.unit_b.name).check()
    page.get_by_label("Cụm trưởng").select_option(label=personas.unit_a.name)
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("không được tặng danh hiệu thi đua nào năm 2022").wait_for()

    Conferral.objects.create(
        year=2022,
        recipient_type="collective",
        unit=personas.unit_a,
        honour=Honour.objects.get(code="TTLDTT"),
        method="regular",
        decision_number="1/QĐ",
        source="import",
    )
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu cụm thi đua.").wait_for()

    page.get_by_role("link", name="Soạn giao ước").click()
    page.get_by_label("Tiêu chí").fill("Chỉ tiêu nghiệp vụ | 60\nXây dựng ngành | 40")
    page.get_by_role("button", name="Lưu").click()
    page.get_by_text("Đã lưu giao ước.").wait_for()
    page.get_by_label("Ngày ký").fill("2023-02-06")
    page.get_by_role("button", name="Ghi nhận ký giao ước").click()
    page.get_by_text("Đã ghi nhận việc ký giao ước.").wait_for()

    page.get_by_role("link", name="Chấm điểm cuối năm").click()
    inputs = page.locator("#points-grid input[type=number]")
    for index, value in enumerate(["50", "40", "60", "30"]):
        inputs.nth(index).fill(value)
    page.get_by_role("button", name="Lưu điểm").click()
    page.get_by_text("Đã lưu điểm.").wait_for()
    page.get_by_role("button", name="Khóa chấm điểm").click()
    page.locator('#cluster-ranking [data-flag="proposed"]').wait_for()
    screenshot(page, "cluster-ranked")
    proposal = ClusterScore.objects.flag_proposals(2023).get()
    assert proposal.unit == personas.unit_b and proposal.total == 90
