from datetime import date

import pytest

from records.models import Council, CouncilKind, CouncilMember, CouncilRole
from tests.conftest import make_person
from tests.initiatives.factories import make_initiative


@pytest.fixture
def seat(personas):
    """The initiative council member persona gets a person and a seat on the province's
    initiative council."""
    person = make_person(personas.office, "VP0003", "Đỗ Thị Sáng", gender="female")
    personas.initiative_member.person = person
    personas.initiative_member.save(update_fields=["person"])
    council = Council.objects.create(
        unit=personas.province, kind=CouncilKind.INITIATIVE, name="Hội đồng sáng kiến"
    )
    return CouncilMember.objects.create(
        council=council, person=person, role=CouncilRole.MEMBER, term_start=date(2020, 1, 1)
    )


@pytest.fixture
def draft(personas):
    """A draft initiative of unit A entered by the staff member, who is its only author."""
    return make_initiative(personas.staff, personas.unit_a, [(personas.person_a, 100)])


@pytest.fixture
def submitted(personas):
    return make_initiative(personas.staff, personas.unit_a, [(personas.person_a, 100)], submit=True)
