import pytest
from django.db import IntegrityError, transaction

from records.models import (
    Conferral,
    Honour,
    HonourRule,
    Rating,
    RecipientType,
    RuleSet,
    Unit,
    UnitKind,
)

pytestmark = pytest.mark.django_db


def test_catalogue_has_every_code_of_the_domain():
    codes = set(Honour.objects.values_list("code", flat=True))
    assert codes == {
        "LDTT",
        "CSTDCS",
        "CSTDN",
        "CSTDTQ",
        "TTLDTT",
        "TTLDXS",
        "CTDN",
        "CTDCP",
        "GK",
        "BKN",
        "BKT",
        "BKTTG",
        "KNC",
        "HCLD3",
        "HCLD2",
        "HCLD1",
    }


def test_the_assessed_year_selects_the_rule_set():
    assert RuleSet.objects.for_year(2023).code == "TT01-2019"
    assert RuleSet.objects.for_year(2024).code == "LUAT-2022"
    assert RuleSet.objects.for_year(2030).code == "LUAT-2022"
    old = HonourRule.objects.get(rule_set__code="TT01-2019", honour__code="LDTT")
    new = HonourRule.objects.get(rule_set__code="LUAT-2022", honour__code="LDTT")
    assert (old.criteria["min_months_served"], new.criteria["min_months_served"]) == (10, 6)
    cstdcs = HonourRule.objects.get(rule_set__code="LUAT-2022", honour__code="CSTDCS")
    assert (cstdcs.vote_threshold, cstdcs.vote_base) == (80, "all")


def test_ledger_row_names_a_person_or_a_unit_never_neither(personas):
    honour = Honour.objects.get(code="BKN")
    common = {"year": 2023, "honour": honour, "method": "regular", "decision_number": "1/QĐ"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Conferral.objects.create(recipient_type=RecipientType.COLLECTIVE, **common)
    with pytest.raises(IntegrityError), transaction.atomic():
        Conferral.objects.create(
            recipient_type=RecipientType.INDIVIDUAL, unit=personas.unit_a, **common
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        Conferral.objects.create(
            recipient_type=RecipientType.COLLECTIVE,
            unit=personas.unit_a,
            person=personas.person_a,
            **common,
        )
    Conferral.objects.create(
        recipient_type=RecipientType.INDIVIDUAL,
        person=personas.person_a,
        unit=personas.unit_a,
        **common,
    )
    Conferral.objects.create(
        recipient_type=RecipientType.COLLECTIVE, unit=personas.unit_a, **common
    )
    assert Conferral.objects.count() == 2


def test_one_rating_per_person_and_year(personas):
    Rating.objects.create(
        year=2022, recipient_type="individual", person=personas.person_a, rating="good"
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        Rating.objects.create(
            year=2022, recipient_type="individual", person=personas.person_a, rating="excellent"
        )
    Rating.objects.create(
        year=2023, recipient_type="individual", person=personas.person_a, rating="excellent"
    )


def test_subtree_includes_children_and_units_merged_into_it(personas):
    regional = Unit.objects.create(
        code="KV1", name="VKSND khu vực 1", kind=UnitKind.REGIONAL, parent=personas.province
    )
    personas.unit_a.merged_into = regional
    personas.unit_a.save()
    assert Unit.objects.subtree_ids([regional]) == {regional.pk, personas.unit_a.pk}
    assert {personas.unit_a.pk, personas.unit_b.pk, regional.pk} <= Unit.objects.subtree_ids(
        [personas.province]
    )


def test_people_search_ignores_case_and_diacritics(personas):
    from records.models import Person

    assert list(Person.objects.search("nguyen van")) == [personas.person_a]
    assert list(Person.objects.search("TRAN thi binh")) == [personas.person_b]
    assert list(Person.objects.search("Đ")) == list(Person.objects.search("d"))


def test_staff_see_no_unit_officers_see_their_subtree_admins_everything(personas):
    assert personas.staff.visible_unit_ids == set()
    assert personas.officer_a.visible_unit_ids == {personas.unit_a.pk}
    assert personas.clerk.visible_unit_ids >= {personas.unit_a.pk, personas.unit_b.pk}
    assert personas.admin.visible_unit_ids is None
