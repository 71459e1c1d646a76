from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.awards.reports_world import confer, people
from tests.browser.accounts import log_in
from tests.conftest import Personas

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_sees_the_charts_then_downloads_the_summary_pdf(page, screenshot, tmp_path):
    personas = Personas()
    confer(people(personas.unit_a, 4, "BR"), [personas.unit_a], "BKN", year=2023)

    log_in(page, "clerk")
    # The charts are drawn by static/js/charts.js under the content security policy.
    page.locator('body[data-charts-drawn="yes"]').wait_for()
    page.get_by_role("button", name="Báo cáo", exact=True).click()
    page.get_by_role("link", name="Tổng hợp khen thưởng năm").click()
    page.get_by_label("Năm").fill("2023")
    page.get_by_role("button", name="Xem").click()
    page.get_by_text(
        "1 tập thể, 4 cá nhân được Viện trưởng VKSND tối cao tặng Bằng khen"
    ).wait_for()
    screenshot(page, "reports-summary")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="PDF").click()
    path = Path(tmp_path) / "summary.pdf"
    download_info.value.save_as(path)
    reader = PdfReader(BytesIO(path.read_bytes()))
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    assert len(reader.pages) == 1
    assert "Tổng cộng 1 4" in text
    assert "VKSND tỉnh Sơn La" in text
