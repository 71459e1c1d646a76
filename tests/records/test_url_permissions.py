"""Every URL of the `records` namespace, requested by every persona, answers as expected.

The URL names come from the resolver, so a new `records` URL without an entry in EXPECTED makes
this file fail: whoever adds a page states here who may open it.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import Personas

pytestmark = pytest.mark.django_db

OK, LOGIN, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404
PERSONAS = Personas.NAMES


def statuses(default, **exceptions):
    """The status for every persona: anonymous visitors go to the login page, the others get
    `default` unless named in `exceptions`."""
    unknown = set(exceptions) - set(PERSONAS)
    assert not unknown, unknown
    return {"anonymous": LOGIN} | {name: exceptions.get(name, default) for name in PERSONAS[1:]}


EVERYONE = statuses(OK)
LISTS = statuses(OK, staff=FORBIDDEN)  # staff members see only their own record
# (url name, arguments built from the personas, expected statuses)
ADMINISTRATORS_ONLY = statuses(FORBIDDEN, admin=OK)
EXPECTED = {
    "records:imports": [(lambda p: [], ADMINISTRATORS_ONLY)],
    # POST only: a GET is refused once the user is known to be an administrator.
    "records:import_run": [(lambda p: [], statuses(FORBIDDEN, admin=405))],
    "records:import_template": [
        (lambda p: ["people", "csv"], ADMINISTRATORS_ONLY),
        (lambda p: ["conferrals", "xlsx"], ADMINISTRATORS_ONLY),
        (lambda p: ["nothing", "csv"], statuses(FORBIDDEN, admin=NOT_FOUND)),
    ],
    "records:dashboard": [(lambda p: [], EVERYONE)],
    "records:unit_list": [(lambda p: [], LISTS)],
    "records:unit_detail": [
        (lambda p: [p.unit_a.code], statuses(OK, staff=NOT_FOUND, officer_b=NOT_FOUND)),
        (lambda p: [p.unit_b.code], statuses(OK, staff=NOT_FOUND, officer_a=NOT_FOUND)),
        (
            lambda p: [p.province.code],
            statuses(OK, staff=NOT_FOUND, officer_a=NOT_FOUND, officer_b=NOT_FOUND),
        ),
        (lambda p: ["NO-SUCH-UNIT"], statuses(NOT_FOUND)),
    ],
    "records:person_list": [(lambda p: [], LISTS)],
    # A redirect to one's own record; accounts without a person have none.
    "records:my_record": [
        (
            lambda p: [],
            statuses(
                NOT_FOUND,
                staff="302 to /people/A0001/",
                officer_b="302 to /people/B0001/",
                clerk="302 to /people/VP0001/",
                council_member="302 to /people/VP0002/",
                chair="302 to /people/SL0001/",
            ),
        ),
    ],
    "records:person_detail": [
        # The staff member's own record, in unit A.
        (lambda p: [p.person_a.staff_code], statuses(OK, officer_b=NOT_FOUND)),
        # Officer B's own record, in unit B.
        (lambda p: [p.person_b.staff_code], statuses(OK, staff=NOT_FOUND, officer_a=NOT_FOUND)),
        (
            lambda p: [p.chair_person.staff_code],
            statuses(OK, staff=NOT_FOUND, officer_a=NOT_FOUND, officer_b=NOT_FOUND),
        ),
        (lambda p: ["NO-SUCH-CODE"], statuses(NOT_FOUND)),
    ],
}


def records_url_names():
    """Every named URL (and unnamed pattern) under the `records` namespace, from the resolver."""
    found = []

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner)
            elif namespace.split(":")[0] == "records":
                found.append(f"{namespace}:{pattern.name or pattern.pattern}")

    walk(get_resolver().url_patterns, "")
    return sorted(set(found))


def test_no_expectation_names_a_url_that_is_gone():
    assert set(EXPECTED) <= set(records_url_names())


@pytest.mark.parametrize("url_name", records_url_names())
def test_every_persona_gets_the_expected_status(personas, client_as, url_name):
    if url_name not in EXPECTED:
        pytest.fail(f"{url_name} has no expected statuses in {__name__}.EXPECTED")
    login_url = reverse("login")
    wrong = []
    for arguments, expected in EXPECTED[url_name]:
        url = reverse(url_name, args=arguments(personas))
        assert [name for name, _user in personas.all()] == list(expected)
        for name, user in personas.all():
            response = client_as(user).get(url)
            status = response.status_code
            if status == LOGIN and not response.url.startswith(login_url):
                status = f"302 to {response.url}"
            if status != expected[name]:
                wrong.append(f"{url} as {name}: {status}, expected {expected[name]}")
    assert not wrong, "\n".join(wrong)
