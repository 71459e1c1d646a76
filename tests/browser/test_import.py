import pytest

from records.models import Person
from tests.browser.accounts import log_in
from tests.records.test_import import PEOPLE, csv_bytes

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_administrator_uploads_a_wrong_file_then_a_good_one(page, personas, screenshot):
    log_in(page, "admin")
    page.get_by_role("button", name="Quản trị").click()
    page.get_by_role("link", name="Nhập dữ liệu lịch sử").click()
    page.get_by_label("Loại dữ liệu trong tệp").select_option("people")

    wrong = csv_bytes("people", PEOPLE[0], "P0002|Tên|male|2023-02-30|NOPE|||")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": wrong}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    errors = page.locator("#import-errors tbody tr")
    errors.first.wait_for()
    assert errors.count() == 2
    assert "NOPE" in errors.nth(1).inner_text()
    screenshot(page, "import-errors-vi")
    assert not Person.objects.filter(staff_code="P0001").exists()

    page.get_by_label("Loại dữ liệu trong tệp").select_option("people")
    page.get_by_label("Tệp (.csv hoặc .xlsx)").set_input_files(
        {"name": "people.csv", "mimeType": "text/csv", "buffer": csv_bytes("people", *PEOPLE)}
    )
    page.get_by_role("button", name="Kiểm tra và nhập").click()
    page.get_by_role("alert").filter(has_text="thêm mới 3").wait_for()
    assert Person.objects.filter(staff_code__in=["P0001", "P0002", "P0003"]).count() == 3
