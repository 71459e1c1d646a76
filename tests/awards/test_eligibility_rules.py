"""A table of cases per rule of DOMAIN §4, with the boundaries that matter."""

from datetime import date

import pytest
from django.utils import translation

from awards.eligibility import Status
from records.models import ConferralSource, HonourRule, Leadership, RuleSet
from tests.awards.eligibility_world import YEAR, World

ELIGIBLE, NOT_ELIGIBLE, NEEDS_INFO = Status.ELIGIBLE, Status.NOT_ELIGIBLE, Status.NEEDS_INFO


@pytest.fixture
def world(db):
    return World()


@pytest.fixture(autouse=True)
def english():
    """The wording is asserted in English here; test_eligibility_report checks Vietnamese."""
    with translation.override("en"):
        yield


def texts(result):
    return [str(reason) for reason in result.reasons]


# --- LDTT -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("rating", "expected"),
    [("excellent", ELIGIBLE), ("good", ELIGIBLE), ("completed", NOT_ELIGIBLE), (None, NEEDS_INFO)],
)
def test_ldtt_needs_a_good_rating(world, rating, expected):
    person = world.person()
    if rating:
        world.rate([person], [YEAR], rating)
    assert world.check("LDTT", person).status == expected


@pytest.mark.parametrize(
    ("year", "joined", "expected"),
    [
        # Six months before the end of the year under the 2022 law's rule set...
        (2024, date(2024, 7, 1), ELIGIBLE),
        (2024, date(2024, 7, 2), NOT_ELIGIBLE),
        (2024, date(2024, 8, 1), NOT_ELIGIBLE),
        # ...ten under the older one: the year assessed selects the rule set.
        (2023, date(2023, 3, 1), ELIGIBLE),
        (2023, date(2023, 5, 1), NOT_ELIGIBLE),
        (2024, date(2024, 5, 1), ELIGIBLE),
    ],
)
def test_ldtt_months_served_before_year_end(world, year, joined, expected):
    person = world.person(sector_start_date=joined)
    world.rate([person], [year], "good")
    assert world.check("LDTT", person, year=year).status == expected


def test_ldtt_rule_set_parameters_are_data(world):
    person = world.person(sector_start_date=date(2024, 5, 1))
    world.rate([person], [YEAR], "good")
    rule = HonourRule.objects.get(rule_set=RuleSet.objects.for_year(YEAR), honour__code="LDTT")
    rule.criteria["min_months_served"] = 9
    rule.save()
    result = world.check("LDTT", person)
    assert result.status == NOT_ELIGIBLE
    assert "8 months before the end of 2024; at least 9 required — not met" in texts(result)[1]


@pytest.mark.parametrize(
    ("level", "start", "end", "expected"),
    [
        ("reprimand", date(2024, 3, 1), date(2024, 9, 1), NOT_ELIGIBLE),
        ("warning", date(2023, 6, 1), None, NOT_ELIGIBLE),  # still in force
        ("reprimand", date(2023, 1, 1), date(2023, 12, 31), ELIGIBLE),  # ended the year before
    ],
)
def test_ldtt_a_disciplined_year(world, level, start, end, expected):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.discipline(person, level, start, end)
    assert world.check("LDTT", person).status == expected


def test_ldtt_without_joining_date(world):
    rated_before, new = world.people(2, sector_start_date=None)
    world.rate([rated_before, new], [YEAR], "good")
    world.rate([rated_before], [YEAR - 1], "good")
    assert world.check("LDTT", rated_before).status == ELIGIBLE
    assert world.check("LDTT", new).status == NEEDS_INFO


# --- CSTDCS ---------------------------------------------------------------------------------


def test_cstdcs_excellent_with_ldtt_held_or_due(world):
    held, due, not_due = world.people(3)
    world.rate([held, due], [YEAR], "excellent")
    world.confer([held], "LDTT", [YEAR])
    assert world.check("CSTDCS", held).status == ELIGIBLE
    result = world.check("CSTDCS", due)
    assert result.status == ELIGIBLE
    assert texts(result)[0].startswith("LDTT 2024: criteria met, not yet conferred — met")
    world.rate([not_due], [YEAR], "completed")
    assert world.check("CSTDCS", not_due).status == NOT_ELIGIBLE


@pytest.mark.parametrize(
    ("initiative_level", "expected"),
    [(None, NOT_ELIGIBLE), ("grassroots", ELIGIBLE), ("sector", ELIGIBLE)],
)
def test_cstdcs_good_rating_needs_an_initiative(world, initiative_level, expected):
    person = world.person()
    world.rate([person], [YEAR], "good")
    if initiative_level:
        world.initiative(person, YEAR, initiative_level)
        world.initiative(person, YEAR - 1, "sector")  # another year does not count
    assert world.check("CSTDCS", person).status == expected


@pytest.mark.parametrize(
    ("unit_rating", "unit_title", "expected"),
    [
        ("good", None, NOT_ELIGIBLE),
        ("excellent", None, ELIGIBLE),
        ("good", "TTLDXS", ELIGIBLE),
        (None, None, NEEDS_INFO),
    ],
)
def test_cstdcs_unit_head_needs_a_distinguished_unit(world, unit_rating, unit_title, expected):
    head = world.person(leadership=Leadership.DEPARTMENT)
    world.rate([head], [YEAR], "excellent")
    if unit_rating:
        world.rate_unit(world.district, YEAR, unit_rating)
    if unit_title:
        world.confer_unit(world.district, unit_title, YEAR)
    assert world.check("CSTDCS", head).status == expected


# --- CSTDN, CSTDTQ --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("years_held", "expected", "wording"),
    [
        ([2022, 2023], ELIGIBLE, "CSTDCS 2022, 2023, 2024: 3 consecutive years — met"),
        ([2021, 2023], NOT_ELIGIBLE, "3 consecutive years required, missing 2022 — not met"),
        ([2023], NOT_ELIGIBLE, "missing 2022 — not met"),
    ],
)
def test_cstdn_three_consecutive_years_against_a_gap(world, years_held, expected, wording):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.confer([person], "CSTDCS", years_held)
    world.initiative(person, 2023, "sector")
    result = world.check("CSTDN", person)
    assert result.status == expected
    assert wording in texts(result)[0]


def test_cstdn_needs_a_sector_initiative(world):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.confer([person], "CSTDCS", [2022, 2023])
    world.initiative(person, 2023, "grassroots")
    result = world.check("CSTDN", person)
    assert result.status == NOT_ELIGIBLE
    assert texts(result)[1] == (
        "no initiative recognised at sector level in 2022–2024 — not met (Luật TĐKT 2022, Điều 22)"
    )


def test_imported_history_counts_like_decisions(world):
    person = world.person()
    world.rate([person], [YEAR], "excellent")
    world.confer([person], "CSTDCS", [2022], source=ConferralSource.IMPORT)
    world.confer([person], "CSTDCS", [2023], source=ConferralSource.DECISION)
    world.initiative(person, 2022, "sector")
    assert world.check("CSTDN", person).status == ELIGIBLE


def test_cstdn_unknown_current_year_needs_information(world):
    person = world.person()  # no rating for the assessed year
    world.confer([person], "CSTDCS", [2022, 2023])
    world.initiative(person, 2022, "sector")
    result = world.check("CSTDN", person)
    assert result.status == NEEDS_INFO
    assert "2024 cannot be checked yet — information missing" in texts(result)[0]


@pytest.mark.parametrize(
    ("cstdn_years", "expected"), [([2021, 2024], ELIGIBLE), ([2020, 2024], NOT_ELIGIBLE)]
)
def test_cstdtq_two_consecutive_sector_fighter_terms(world, cstdn_years, expected):
    world.cstdtq_at_province_level()
    person = world.person()
    world.confer([person], "CSTDN", cstdn_years)
    world.initiative(person, 2023, "province")
    assert world.check("CSTDTQ", person).status == expected


# --- TTLDTT, TTLDXS, CTDN -------------------------------------------------------------------


@pytest.mark.parametrize(("with_ldtt", "expected"), [(3, ELIGIBLE), (2, NOT_ELIGIBLE)])
def test_ttldtt_more_than_half_of_members(world, with_ldtt, expected):
    members = world.people(4)
    world.rate(members[:with_ldtt], [YEAR], "good")
    world.rate(members[with_ldtt:], [YEAR], "completed")
    world.rate_unit(world.district, YEAR, "good")
    result = world.check("TTLDTT", world.district)
    assert result.status == expected
    share = {3: "3 of 4 (75 %)", 2: "2 of 4 (50 %)"}[with_ldtt]
    assert f"members with LDTT 2024: {share}; more than 50 % required" in texts(result)[1]


def test_ttldtt_missing_unit_rating_needs_information(world):
    world.rate(world.people(2), [YEAR], "good")
    assert world.check("TTLDTT", world.district).status == NEEDS_INFO


def ttldxs_unit(world):
    members = world.people(10)
    world.rate(members[:8], [YEAR], "good")
    world.rate(members[8:], [YEAR], "completed")
    world.confer(members[:1], "CSTDCS", [YEAR])
    world.rate_unit(world.district, YEAR, "excellent")
    return members


def test_ttldxs_all_conditions(world):
    ttldxs_unit(world)
    assert world.check("TTLDXS", world.district).status == ELIGIBLE


@pytest.mark.parametrize(
    ("spoil", "expected"),
    [
        ("warning", NOT_ELIGIBLE),
        ("reprimand", ELIGIBLE),  # below the disqualifying level
        ("not_completed", NOT_ELIGIBLE),
        ("unrated", NEEDS_INFO),
        ("unit_good", NOT_ELIGIBLE),
    ],
)
def test_ttldxs_spoilers(world, spoil, expected):
    members = ttldxs_unit(world)
    extra = world.person()
    if spoil in ("warning", "reprimand"):
        world.rate([extra], [YEAR], "good")
        world.discipline(members[9], spoil, date(2024, 2, 1), date(2024, 8, 1))
    elif spoil == "not_completed":
        world.rate([extra], [YEAR], "not_completed")
    elif spoil == "unit_good":
        world.rate([extra], [YEAR], "good")
        world.district.ratings.update(rating="good")
    assert world.check("TTLDXS", world.district).status == expected


def test_ttldxs_needs_seventy_percent_ldtt(world):
    ttldxs_unit(world)
    world.rate(world.people(2), [YEAR], "completed")  # 8 of 12 = 67 %
    result = world.check("TTLDXS", world.district)
    assert result.status == NOT_ELIGIBLE
    assert (
        "members with LDTT 2024: 8 of 12 (67 %); at least 70 % required — not met"
        in (texts(result)[2])
    )


@pytest.mark.parametrize(
    ("leaders", "expected"),
    [(None, NEEDS_INFO), ("district", ELIGIBLE), ("other", NOT_ELIGIBLE)],
)
def test_ctdn_leads_its_cluster_and_meets_ttldxs(world, leaders, expected):
    world.confer_unit(world.district, "TTLDXS", YEAR)
    if leaders == "district":
        world.lead_cluster(world.district)
    elif leaders == "other":
        world.lead_cluster(world.root, world.district)
    assert world.check("CTDN", world.district).status == expected


# --- BKN, BKTTG, HCLD3 ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("two_cstdcs", ELIGIBLE),
        ("one_cstdcs", NOT_ELIGIBLE),
        ("excellent_two_initiatives", ELIGIBLE),
        ("excellent_one_initiative", NOT_ELIGIBLE),
        ("bkn_last_year", NOT_ELIGIBLE),
    ],
)
def test_bkn_routes(world, case, expected):
    person = world.person()
    world.rate([person], [2023, 2024], "good")
    if case in ("two_cstdcs", "bkn_last_year"):
        world.confer([person], "CSTDCS", [2023, 2024])
    if case == "one_cstdcs":
        world.confer([person], "CSTDCS", [2024])
    if case.startswith("excellent"):
        person.ratings.update(rating="excellent")
        world.initiative(person, 2023)
        if case == "excellent_two_initiatives":
            world.initiative(person, 2024)
    if case == "bkn_last_year":
        world.confer([person], "BKN", [2023])
    assert world.check("BKN", person).status == expected


def merit_history(world, prior, prior_year=2019, cstdcs=(2021, 2022, 2024)):
    person = world.person()
    world.confer([person], prior, [prior_year])
    world.rate([person], range(2020, 2025), "good")
    world.confer([person], "CSTDCS", cstdcs)
    return person


@pytest.mark.parametrize(
    ("case", "expected"),
    [
        ("base", ELIGIBLE),
        ("a_completed_year", NOT_ELIGIBLE),
        ("two_cstdcs", NOT_ELIGIBLE),
        ("bkn_inside_period", NOT_ELIGIBLE),
        ("a_missing_rating", NEEDS_INFO),
    ],
)
def test_bkttg_five_good_years_after_bkn(world, case, expected):
    prior_year = 2021 if case == "bkn_inside_period" else 2019
    cstdcs = (2021, 2024) if case == "two_cstdcs" else (2021, 2022, 2024)
    person = merit_history(world, "BKN", prior_year, cstdcs)
    if case == "a_completed_year":
        person.ratings.filter(year=2022).update(rating="completed")
    if case == "a_missing_rating":
        person.ratings.filter(year=2020).delete()
    assert world.check("BKTTG", person).status == expected


@pytest.mark.parametrize(("excellent", "expected"), [(True, ELIGIBLE), (False, NOT_ELIGIBLE)])
def test_hcld3_needs_an_excellent_year(world, excellent, expected):
    person = merit_history(world, "BKTTG")
    if excellent:
        person.ratings.filter(year=2023).update(rating="excellent")
    assert world.check("HCLD3", person).status == expected


# --- KNC ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("joined", "expected"),
    [(date(2009, 7, 26), ELIGIBLE), (date(2009, 7, 27), NOT_ELIGIBLE)],
)
def test_knc_fifteen_years_reached_on_26_july(world, joined, expected):
    person = world.person(sector_start_date=joined)
    result = world.check("KNC", person)
    assert result.status == expected


def test_knc_time_under_discipline_does_not_count(world):
    person = world.person(sector_start_date=date(2009, 7, 1))
    world.discipline(person, "reprimand", date(2015, 1, 1), date(2015, 1, 25))  # 25 days
    result = world.check("KNC", person)
    assert result.status == ELIGIBLE
    assert "completed on 26/07/2024" in texts(result)[1]
    world.discipline(person, "warning", date(2016, 1, 1), date(2016, 1, 1))  # one day more
    assert world.check("KNC", person).status == NOT_ELIGIBLE


def test_knc_discipline_counts_once_and_only_before_completion(world):
    overlapping = world.person(sector_start_date=date(2009, 7, 1))
    world.discipline(overlapping, "reprimand", date(2015, 1, 1), date(2015, 1, 20))
    world.discipline(overlapping, "warning", date(2015, 1, 11), date(2015, 1, 25))  # 25 days
    assert "completed on 26/07/2024" in texts(world.check("KNC", overlapping))[1]
    veteran = world.person(sector_start_date=date(1990, 1, 1))
    world.discipline(veteran, "warning", date(2020, 1, 1))  # still in force, after completion
    result = world.check("KNC", veteran)
    assert result.status == ELIGIBLE
    assert "completed on 01/01/2005" in texts(result)[1]


def test_knc_once_per_person_and_leadership_route(world):
    holder = world.person(sector_start_date=date(1990, 1, 1))
    world.confer([holder], "KNC", [2015])
    assert world.check("KNC", holder).status == NOT_ELIGIBLE
    leader = world.person(sector_start_date=date(2015, 1, 1), leadership=Leadership.DIVISION)
    result = world.check("KNC", leader)
    assert result.status == NEEDS_INFO
    assert "alternatively: 8 years in a leadership post" in texts(result)[-1]
    staff = world.person(sector_start_date=date(2015, 1, 1))
    assert world.check("KNC", staff).status == NOT_ELIGIBLE


def test_a_missing_parameter_is_named(world):
    from awards.eligibility import EligibilityError

    rule = HonourRule.objects.get(rule_set=RuleSet.objects.for_year(YEAR), honour__code="LDTT")
    del rule.criteria["min_months_served"]
    rule.save()
    world.rate([world.person()], [YEAR], "good")
    with pytest.raises(EligibilityError, match="min_months_served"):
        world.check("LDTT", world.district)


def test_long_member_lists_are_shortened(world):
    members = world.people(12)
    world.rate_unit(world.district, YEAR, "excellent")
    result = world.check("TTLDXS", world.district)
    assert result.status == NEEDS_INFO
    codes = ", ".join(member.staff_code for member in members[:10])
    assert f"members without a rating for 2024: {codes} and 2 more" in texts(result)[1]
