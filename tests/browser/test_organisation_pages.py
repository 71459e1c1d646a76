from datetime import date

import pytest

from tests.browser.accounts import log_in
from tests.conftest import make_person
from tests.records.factories import confer, merge_unit_b_into_a_regional_unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_clerk_searches_people_and_opens_a_unit(page, personas, screenshot):
    merge_unit_b_into_a_regional_unit(personas)
    make_person(personas.unit_a, "A0002", "Nguyễn Văn Bình")
    confer(
        2023,
        "BKN",
        "125/QĐ-VKSTC",
        person=personas.person_a,
        unit=personas.unit_a,
        decision_date=date(2024, 1, 10),
        issuer="VKSND tối cao",
        campaign="",
    )
    log_in(page, "clerk")
    page.get_by_role("button", name="Tổ chức").click()
    page.get_by_role("link", name="Cán bộ", exact=True).click()
    page.get_by_label("Họ tên hoặc mã cán bộ").fill("nguyen van")
    page.get_by_role("button", name="Lọc").click()
    page.get_by_text("Tìm thấy 2 cán bộ.").wait_for()
    screenshot(page, "people-search")
    page.get_by_role("link", name="Nguyễn Văn An").click()
    page.get_by_role("heading", name="Nguyễn Văn An").wait_for()
    page.get_by_role("cell", name="125/QĐ-VKSTC").wait_for()
    screenshot(page, "person-page")
    page.get_by_role("link", name="VKSND huyện A").click()
    page.get_by_role("heading", name="VKSND huyện A").wait_for()
    screenshot(page, "unit-page")
    page.get_by_role("button", name="Tổ chức").click()
    page.get_by_role("link", name="Đơn vị", exact=True).first.click()
    page.locator('[data-unit="SL-KV1"] [data-unit="SL-B"]').wait_for()
    screenshot(page, "unit-tree")
