"""Awards fixtures: an emulation council of 11 members on the personas' province, and helpers
that walk nominations through the services."""

from datetime import date

import pytest

from awards import services
from awards.models import BallotMode
from records.models import Council, CouncilKind, CouncilMember, CouncilRole, Honour, Method, Person
from tests import concurrency

YEAR = 2023
DAY = date(2023, 12, 15)
TERM = date(2021, 1, 1)


class Awards:
    """The council and shortcuts over the services for one test."""

    def __init__(self, personas, size=11):
        self.p = personas
        self.council = Council.objects.create(
            unit=personas.province, kind=CouncilKind.EMULATION, name="Hội đồng TĐKT"
        )
        extra = Person.objects.bulk_create(
            Person(
                unit=personas.office,
                staff_code=f"M{number:03d}",
                full_name=f"Thành viên {number}",
                search_text=f"thanh vien {number}",
                gender="male",
            )
            for number in range(size - 2)
        )
        seats = [(personas.chair_person, CouncilRole.CHAIR)]
        seats.append((personas.member_person, CouncilRole.MEMBER))
        seats += [(person, CouncilRole.MEMBER) for person in extra]
        CouncilMember.objects.bulk_create(
            CouncilMember(
                council=self.council, person=person, role=role, term_start=date(2021, 1, 1)
            )
            for person, role in seats
        )
        self.extra = extra
        # What the standing office writes when screening needs it (test_screening checks the
        # refusal without one; the other flows screen recipients without their history).
        self.justification = "Thường trực Hội đồng đã thẩm định hồ sơ."
        self.honours = {honour.code: honour for honour in Honour.objects.all()}

    def entry(self, code="CSTDCS", person=None, unit=None, **fields):
        fields.setdefault("year", YEAR)
        fields.setdefault("method", Method.REGULAR)
        fields.setdefault("proposing_unit", self.p.province)
        if person is None and unit is None:
            person = self.p.person_a
        return services.NominationData(
            honour=self.honours[code], person=person, unit=unit, **fields
        )

    def nominate(self, code="CSTDCS", **fields):
        return services.create_nomination(self.p.clerk, self.entry(code, **fields))

    def session(self, mode=BallotMode.ONLINE):
        return services.create_session(self.p.clerk, self.council, YEAR, DAY, "Hội trường", mode)

    def on_agenda(self, nominations, mode=BallotMode.ONLINE):
        services.submit(self.p.clerk, nominations)
        session = self.session(mode)
        services.put_on_agenda(self.p.clerk, session, nominations, self.justification)
        return session

    def open(self, nominations, mode=BallotMode.ONLINE):
        session = self.on_agenda(nominations, mode)
        return services.open_session(self.p.clerk, session)

    def approved(self, nominations, mode=BallotMode.PAPER):
        """Nominations approved by a paper vote of every member."""
        session = self.open(nominations, mode)
        attendance = list(session.attendance.select_related("member__person"))
        tallies = {
            item.pk: (services.eligible_voters(session, item, attendance), 0, 0)
            for item in session.items.select_related("nomination__person")
        }
        services.record_paper_tally(self.p.clerk, session, tallies)
        return services.close_session(self.p.clerk, session)


@pytest.fixture
def awards(personas):
    return Awards(personas)


@pytest.fixture(scope="session")
def two_servers(django_db_setup):
    """Two gunicorn servers of two workers each over the test database (PostgreSQL), kept for
    the whole run: the tests that use them are transactional, so the servers see their data."""
    with concurrency.running_servers(2, workers=2) as bases:
        yield bases
