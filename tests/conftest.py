"""Personas shared by the whole suite: a province with two district units A and B, one account
per role, and people in each unit."""

from datetime import date

import pytest
from django.conf import settings
from django.contrib.auth.models import Group

from records import roles
from records.models import Person, Unit, UnitKind, User

PASSWORD = "test-pass-123!"
# Tests create many accounts: a fast hasher keeps that cheap (never used outside tests).
settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The test client's login() passes no request, which django-axes refuses; the throttling itself
# is tested in tests/records/test_security.py with the production backends.
PRODUCTION_AUTHENTICATION_BACKENDS = settings.AUTHENTICATION_BACKENDS
settings.AUTHENTICATION_BACKENDS = ["records.backends.RequestUserBackend"]


def make_person(unit, staff_code, full_name, **fields):
    fields.setdefault("gender", "male")
    return Person.objects.create(unit=unit, staff_code=staff_code, full_name=full_name, **fields)


def make_user(username, role, unit=None, person=None, **fields):
    user = User.objects.create_user(username, password=PASSWORD, unit=unit, person=person, **fields)
    if role:
        user.groups.add(Group.objects.get(name=role))
    return user


class Personas:
    """Units and accounts, built once per test that asks for them."""

    def __init__(self):
        self.province = Unit.objects.create(
            code="SONLA", name="VKSND tỉnh Sơn La", kind=UnitKind.PROVINCE
        )
        self.office = Unit.objects.create(
            code="SL-VP", name="Văn phòng", kind=UnitKind.DEPARTMENT, parent=self.province
        )
        self.unit_a = Unit.objects.create(
            code="SL-A", name="VKSND huyện A", kind=UnitKind.DISTRICT, parent=self.province
        )
        self.unit_b = Unit.objects.create(
            code="SL-B", name="VKSND huyện B", kind=UnitKind.DISTRICT, parent=self.province
        )
        self.person_a = make_person(
            self.unit_a, "A0001", "Nguyễn Văn An", sector_start_date=date(2005, 3, 1)
        )
        self.person_b = make_person(self.unit_b, "B0001", "Trần Thị Bình", gender="female")
        self.clerk_person = make_person(self.office, "VP0001", "Lê Văn Chánh")
        self.member_person = make_person(self.office, "VP0002", "Phạm Thị Dung", gender="female")
        self.chair_person = make_person(self.province, "SL0001", "Hoàng Văn Trưởng")
        self.anonymous = None
        self.staff = make_user("staff", roles.STAFF, self.unit_a, self.person_a)
        self.officer_a = make_user("officer_a", roles.UNIT_OFFICER, self.unit_a)
        self.officer_b = make_user("officer_b", roles.UNIT_OFFICER, self.unit_b, self.person_b)
        self.clerk = make_user("clerk", roles.CLERK, self.province, self.clerk_person)
        self.council_member = make_user(
            "member", roles.COUNCIL_MEMBER, self.province, self.member_person
        )
        self.chair = make_user("chair", roles.COUNCIL_CHAIR, self.province, self.chair_person)
        self.initiative_member = make_user("initiative", roles.INITIATIVE_MEMBER, self.province)
        self.admin = make_user(
            "admin", roles.ADMINISTRATOR, self.province, is_staff=True, is_superuser=True
        )

    NAMES = [
        "anonymous",
        "staff",
        "officer_a",
        "officer_b",
        "clerk",
        "council_member",
        "chair",
        "initiative_member",
        "admin",
    ]

    def all(self):
        """(name, user) for every persona, anonymous first."""
        return [(name, getattr(self, name)) for name in self.NAMES]


@pytest.fixture
def personas(db):
    return Personas()


@pytest.fixture
def client_as(client):
    """`client_as(user)` returns the test client logged in as `user` (or anonymous for None)."""

    def login(user):
        client.logout()
        if user is not None:
            client.force_login(user)
        return client

    return login


@pytest.fixture
def catalogue_reloaded(transactional_db):
    """Transactional tests empty every table between tests, data migrations' rows included:
    put the honours catalogue, the rule sets and the role groups back."""
    from django.apps import apps

    from records import catalogue
    from records.roles import sync_groups

    catalogue.load(apps)
    sync_groups()


IN_PROCESS_TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def jobs_in_process(settings):
    """Background jobs (records.jobs) run in the request that starts them, on either database;
    tests/records/test_jobs.py runs a real worker against PostgreSQL."""
    settings.TASKS = IN_PROCESS_TASKS
