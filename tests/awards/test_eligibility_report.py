"""Eligibility for a whole subtree: the report and its export, the command, quotas, the list of
commemorative medals, merged units, the query budget and the wording of reasons."""

import json
from collections import Counter
from datetime import date
from io import BytesIO, StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from openpyxl import load_workbook

from awards.eligibility import (
    EligibilityError,
    check_recipients,
    check_unit,
    knc_list,
    outlook,
    quota,
    report,
    to_xlsx,
)
from awards.management.commands.eligibility import Command
from records.models import Leadership, Person, UnitKind
from tests.awards.eligibility_world import YEAR, World


@pytest.fixture
def world(db):
    return World()


def test_report_lists_every_person_of_the_subtree(world):
    other = world.unit("P-E")
    first, second = world.people(2)
    elsewhere = world.person(unit=other)
    world.rate([first, elsewhere], [YEAR], "good")
    rows = report(YEAR, "P", "LDTT")
    assert [row["recipient"] for row in rows] == [
        first.staff_code,
        second.staff_code,
        elsewhere.staff_code,
    ]
    assert {tuple(row) for row in rows} == {("recipient", "honour", "status", "reasons")}
    assert [row["status"] for row in rows] == ["eligible", "needs_info", "eligible"]
    assert [row["recipient"] for row in report(YEAR, "P-E", "LDTT")] == [elsewhere.staff_code]
    assert json.dumps(rows, ensure_ascii=False)


def test_report_for_collective_honours_lists_units(world):
    rows = report(YEAR, "P", "TTLDTT")
    assert [row["recipient"] for row in rows] == ["P", "P-D"]
    assert {row["honour"] for row in rows} == {"TTLDTT"}


def test_report_refuses_unknown_input(world):
    with pytest.raises(EligibilityError, match="GK"):
        report(YEAR, "P", "GK")
    with pytest.raises(EligibilityError, match="NOPE"):
        report(YEAR, "NOPE", "LDTT")
    with pytest.raises(EligibilityError, match="1990"):
        report(1990, "P", "LDTT")


def test_merged_units_keep_their_peoples_history(world):
    regional = world.unit("P-KV", kind=UnitKind.REGIONAL, valid_from=date(2025, 7, 1))
    old = world.unit("P-OLD", valid_to=date(2025, 6, 30), merged_into=regional)
    moved = world.person(unit=regional)
    stayed = world.person(unit=old)  # history recorded under the old unit
    world.confer([stayed], "CSTDCS", [2023, 2024])
    world.rate([moved, stayed], [2025], "excellent")
    world.initiative(stayed, 2024, "sector")
    world.rate_unit(regional, 2025, "good")
    rows = {row["recipient"]: row for row in report(2025, "P-KV", None)}
    assert rows[stayed.staff_code]["status"] == "eligible"  # CSTDN 2023–2025
    assert "P-OLD" not in rows  # merged away before the end of 2025
    with translation.override("en"):
        ttldtt = next(r for r in report(2025, "P-KV", "TTLDTT") if r["recipient"] == "P-KV")
    assert ttldtt["status"] == "eligible"
    assert "2 of 2" in ttldtt["reasons"][1]
    # Before the merger the old unit is reported, in its successor's subtree too.
    assert [row["recipient"] for row in report(2024, "P-KV", "TTLDTT")] == ["P-OLD"]


def populate(world, count):
    unit = world.unit(f"P-{count}")
    people = world.people(count, unit=unit, prefix=f"Q{count}-")
    world.rate(people, range(YEAR - 6, YEAR + 1), "excellent")
    world.confer(people, "CSTDCS", [YEAR - 2, YEAR - 1])
    world.confer(people[:2], "BKN", [YEAR - 6])
    world.discipline(people[0], "reprimand", date(YEAR, 2, 1), date(YEAR, 3, 1))
    world.rate_unit(unit, YEAR, "excellent")
    for person in people:
        world.initiative(person, YEAR - 1, "sector")
    return unit


@pytest.mark.parametrize("count", [5, 50])
def test_query_budget_does_not_grow_with_people(world, count, django_assert_num_queries):
    unit = populate(world, count)
    # rule set, its rules, subtree, units, people, ratings, unit ratings, conferrals, discipline,
    # initiatives, cluster rankings
    with django_assert_num_queries(11):
        entries = check_unit(YEAR, unit, None)
    assert len(entries) == count * 8 + 3  # 8 individual honours, 3 collective ones
    statuses = Counter((entry.honour, entry.result.status) for entry in entries)
    # The first person was reprimanded this year; everyone else carries on a fighter's record.
    assert statuses["LDTT", "not_eligible"] == 1
    assert statuses["CSTDN", "eligible"] == count - 1
    assert statuses["TTLDXS", "eligible"] == 1


def test_same_queries_at_five_and_fifty_people(world):
    small, large = populate(world, 5), populate(world, 50)
    counts = []
    for unit in (small, large):
        with CaptureQueriesContext(connection) as queries:
            check_unit(YEAR, unit, None)
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_one_honour_answers_as_in_the_report_of_every_honour(world):
    """A report of one honour reads only the years and honours its check needs, and the checks
    it builds on; its lines are those of the full report, old history included."""
    veteran, recent, head = world.people(3)
    world.rate([veteran, head], range(YEAR - 6, YEAR + 1), "excellent")
    world.rate([recent], [YEAR - 1, YEAR], "good")
    world.confer([veteran], "BKN", [YEAR - 9])  # the honour BKTTG must follow
    world.confer([veteran], "CSTDN", [YEAR - 3])  # first CSTDTQ term; the second is this year
    world.confer([veteran], "CSTDCS", [YEAR - 2, YEAR - 1])
    world.confer([recent], "BKN", [YEAR - 1])  # BKN again too early
    world.confer([recent], "KNC", [YEAR - 20])  # once per person
    world.confer([head], "BKTTG", [YEAR - 7])
    world.confer([head], "CSTDCS", [YEAR - 4, YEAR - 3, YEAR - 1])
    world.initiative(veteran, YEAR - 1, "sector")
    world.cstdtq_at_province_level()
    world.initiative(veteran, YEAR - 4, "province")
    Person.objects.filter(pk=head.pk).update(leadership=Leadership.DEPARTMENT)
    world.rate_unit(world.district, YEAR, "good")
    world.confer_unit(world.district, "TTLDXS", YEAR)
    world.lead_cluster(world.district)

    def lines(entries):
        return [(entry.recipient, entry.honour, entry.as_json()) for entry in entries]

    everything = lines(check_unit(YEAR, world.root, None))
    for code in {honour for _, honour, _ in everything}:
        alone = lines(check_unit(YEAR, world.root, [code]))
        assert alone == [line for line in everything if line[1] == code]
    statuses = {(recipient, honour): line["status"] for recipient, honour, line in everything}
    assert statuses["S0000", "BKTTG"] == statuses["S0000", "CSTDTQ"] == "eligible"
    assert statuses["S0002", "HCLD3"] == statuses["S0002", "CSTDCS"] == "eligible"
    assert statuses["S0001", "BKN"] == statuses["S0001", "KNC"] == "not_eligible"
    assert statuses["P-D", "CTDN"] == "eligible"


def test_same_queries_whatever_the_honours(world):
    unit = populate(world, 5)
    counts = []
    for codes in (["LDTT"], ["KNC"], ["TTLDXS"], None):  # LDTT reads no conferral
        with CaptureQueriesContext(connection) as queries:
            check_unit(YEAR, unit, codes)
        counts.append(len(queries))
    assert counts == [11, 11, 11, 11]


def cstdn_case(world):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.confer([person], "CSTDCS", [2022, 2023])
    return person


def test_reasons_in_english(world):
    cstdn_case(world)
    with translation.override("en"):
        (row,) = report(YEAR, "P", "CSTDN")
    reasons = row["reasons"]
    assert reasons == [
        "CSTDCS 2022, 2023, 2024: 3 consecutive years — met (Luật TĐKT 2022, Điều 22)",
        "no initiative recognised at sector level in 2022–2024 — not met (Luật TĐKT 2022, Điều 22)",
    ]


def test_reasons_in_vietnamese(world):
    cstdn_case(world)
    with translation.override("vi"):
        rows = report(YEAR, "P", "CSTDN")
        ldtt = report(YEAR, "P", "LDTT")[0]["reasons"]
    assert rows[0]["reasons"] == [
        "CSTDCS 2022, 2023, 2024: 3 năm liên tục — đạt (Luật TĐKT 2022, Điều 22)",
        "không có sáng kiến được công nhận cấp ngành trong 2022–2024 — không đạt "
        "(Luật TĐKT 2022, Điều 22)",
    ]
    assert ldtt[0].startswith(
        "xếp loại năm 2024: “Hoàn thành xuất sắc nhiệm vụ”; yêu cầu từ “Hoàn thành tốt nhiệm vụ” "
        "trở lên — đạt"
    )


def test_xlsx_export(world):
    cstdn_case(world)
    with translation.override("vi"):
        content = to_xlsx(check_unit(YEAR, world.root, ["CSTDN", "TTLDTT"]))
    sheet = load_workbook(BytesIO(content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == ("Đối tượng", "Họ và tên / tên đơn vị", "Đơn vị", *rows[0][3:])
    assert rows[1][:5] == ("S0000", "Person 0", "P-D", "CSTDN", "Không đủ điều kiện")
    assert "3 năm liên tục — đạt" in rows[1][5]
    assert [row[0] for row in rows[2:]] == ["P", "P-D"]
    assert sheet.auto_filter.ref == "A1:F4"
    assert to_xlsx(report(YEAR, "P", "CSTDN"))  # plain report rows export too


def test_command_json_and_xlsx(world, tmp_path):
    cstdn_case(world)
    out = StringIO()
    call_command(Command(), year=YEAR, unit="P", honour="CSTDN", stdout=out)
    rows = json.loads(out.getvalue())
    assert rows[0]["recipient"] == "S0000" and rows[0]["status"] == "not_eligible"
    target = tmp_path / "report.xlsx"
    call_command(Command(), year=YEAR, unit="P", format="xlsx", output=str(target))
    sheet = load_workbook(target).active
    assert sheet.max_row == 1 + 8 + 3 * 2  # every checkable honour: 8 for the person, 3 × 2 units
    with pytest.raises(CommandError, match="output"):
        call_command(Command(), year=YEAR, unit="P", format="xlsx")
    with pytest.raises(CommandError, match="NOPE"):
        call_command(Command(), year=YEAR, unit="NOPE")


def test_cstdcs_quota_counts_held_and_proposed(world):
    people = world.people(10)
    world.confer(people[:7], "LDTT", [YEAR])
    world.confer(people[:1], "CSTDCS", [YEAR])
    proposed = {"LDTT": [p.pk for p in people[5:]], "CSTDCS": [people[0].pk, people[1].pk]}
    result = quota(YEAR, world.root, "CSTDCS", proposed)
    assert (result.base_honour, result.base_count, result.limit, result.used) == ("LDTT", 10, 1, 2)
    assert result.exceeded and result.remaining == -1
    assert quota(YEAR, world.root, "CSTDCS").used == 1
    assert quota(YEAR, world.root, "LDTT") is None


def test_ttldxs_quota_at_least_one(world, django_assert_num_queries):
    units = [world.unit(f"P-{n}") for n in range(6)]
    for unit in units[:3]:
        world.confer_unit(unit, "TTLDTT", YEAR)
    with django_assert_num_queries(4):
        result = quota(YEAR, world.root, "TTLDXS")
    assert (result.base_count, result.limit, result.used) == (3, 1, 0)  # 20 % of 3, at least 1
    six = quota(YEAR, world.root, "TTLDXS", {"TTLDTT": [u.pk for u in units]})
    assert (six.base_count, six.limit) == (6, 1)
    ten = [world.unit(f"P-X{n}").pk for n in range(4)] + [u.pk for u in units]
    assert quota(YEAR, world.root, "TTLDXS", {"TTLDTT": ten}).limit == 2


def test_knc_list(world):
    on_day = world.person(sector_start_date=date(2009, 7, 26))
    world.person(sector_start_date=date(2009, 7, 27))  # one day short
    holder = world.person(sector_start_date=date(1990, 1, 1))
    world.confer([holder], "KNC", [2020])
    punished = world.person(sector_start_date=date(2009, 1, 1))
    world.discipline(punished, "warning", date(2010, 1, 1), date(2010, 12, 31))
    world.person(sector_start_date=None)
    rows = knc_list(YEAR, world.root)
    assert [(row["staff_code"], row["completed_on"]) for row in rows] == [
        (on_day.staff_code, date(2024, 7, 26))
    ]


def test_outlook_shows_what_is_missing_for_next_year(world, django_assert_num_queries):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.confer([person], "CSTDCS", [YEAR - 1, YEAR])
    # 2 rule set, 6 facts, 1 initiatives, 1 cluster rankings.
    with django_assert_num_queries(10):
        entries = {entry.honour: entry.result for entry in outlook(person, YEAR)}
    assert set(entries) == {"LDTT", "CSTDCS", "CSTDN", "CSTDTQ", "BKN", "BKTTG", "HCLD3", "KNC"}
    assert entries["LDTT"].status == "needs_info"
    assert entries["CSTDN"].reasons[0].met is None  # 2023, 2024 held; 2025 not rated yet
    with translation.override("en"):
        missing = [str(reason) for reason in outlook(person, YEAR)[0].result.missing]
    assert missing[0].startswith("no rating recorded for 2025 — information missing")


@pytest.mark.parametrize("count", [5, 50])
def test_check_recipients_of_a_list(world, count, django_assert_num_queries):
    unit = populate(world, count)
    people = list(unit.people.all())
    # rule set, its rules, units, people, ratings, unit ratings, conferrals, discipline,
    # initiatives, cluster rankings
    with django_assert_num_queries(10):
        results = check_recipients(YEAR, "CSTDN", people)
    assert [results[p.pk].status for p in people] == ["not_eligible"] + ["eligible"] * (count - 1)
    # rule set, its rules, subtree, units, people, ratings, unit ratings, conferrals, discipline,
    # initiatives, cluster rankings
    with django_assert_num_queries(11):
        units = check_recipients(YEAR, "TTLDXS", [unit])
    assert units[unit.pk].status == "eligible"
    with pytest.raises(EligibilityError):
        check_recipients(YEAR, "GK", people)
