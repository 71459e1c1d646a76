"""Acceptance (DOMAIN §9): after the demo year, the summary of the province states the article's
figures, and its paragraph reads like the article's."""

import json
from io import StringIO

import pytest
from django.core.management import call_command

from awards import demo

pytestmark = pytest.mark.django_db


def summary(fmt):
    out = StringIO()
    call_command("award_summary", year=2023, unit="SONLA", format=fmt, stdout=out)
    return out.getvalue()


def test_the_2023_summary_of_son_la_states_the_articles_figures():
    call_command("seed_demo", stdout=StringIO())
    data = json.loads(summary("json"))
    assert data["year"] == 2023
    assert data["unit"] == "SONLA"
    lines = {
        (line["honour"], line["method"], line["campaign"]): (
            line["collectives"],
            line["individuals"],
        )
        for line in data["lines"]
    }
    assert lines == {
        ("HCLD3", "regular", ""): (0, 1),
        ("KNC", "tenure", ""): (0, 8),
        ("BKN", "regular", ""): (17, 38),
        ("BKT", "regular", ""): (0, 1),
        ("GK", "thematic", demo.CAMPAIGN_SECTOR): (19, 72),
        ("GK", "thematic", demo.CAMPAIGN_PROSECUTION): (2, 17),
        ("CTDN", "regular", ""): (1, 0),
    }
    assert len(data["lines"]) == 7
    assert data["initiatives"] == [
        {"level": "sector", "initiatives": 4, "authors": 12},
        {"level": "grassroots", "initiatives": 31, "authors": 46},
    ]

    text = summary("text")
    assert text.startswith("Năm 2023, ")
    for phrase in [
        "có 1 cá nhân được tặng Huân chương Lao động hạng Ba;",
        '8 cá nhân được tặng Kỷ niệm chương "Vì sự nghiệp Kiểm sát";',
        "17 tập thể, 38 cá nhân được Viện trưởng VKSND tối cao tặng Bằng khen;",
        "1 cá nhân được Chủ tịch UBND tỉnh tặng Bằng khen;",
        "19 tập thể, 72 cá nhân có thành tích xuất sắc trong các phong trào thi đua do ngành",
        "2 tập thể, 17 cá nhân có thành tích xuất sắc trong phong trào thi đua “Thực hành quyền "
        "công tố, kiểm sát điều tra, kiểm sát xét xử sơ thẩm",
        "1 tập thể được VKSND tối cao tặng Cờ thi đua",
        "4 sáng kiến cấp ngành của 12 tác giả, đồng tác giả",
        "31 sáng kiến cấp cơ sở của 46 tác giả, đồng tác giả",
    ]:
        assert phrase in text, phrase

    rows = summary("csv").splitlines()
    assert len(rows) == 8
    assert rows[0].startswith("Mã danh hiệu") or rows[0].startswith("Honour code")
