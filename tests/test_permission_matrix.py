"""Every named URL of the product, requested by every persona, answers as expected.

The URL names come from the resolver, so a new URL without an entry in EXPECTED makes this file
fail: whoever adds a page states here who may open it. The objects requested all belong to unit
A (tests/world.py): the officer of unit B must get 404 for every one of them.

Each row lists the statuses in the order of Personas.NAMES:
    anonymous  staff  officer_a  officer_b  clerk  council_member  chair  initiative_member  admin
L = redirected to the login page; "302" = redirected elsewhere.
"""

import pytest
from django.urls import URLResolver, get_resolver, reverse

from tests.conftest import Personas
from tests.world import World

pytestmark = pytest.mark.django_db

NAMESPACES = {"records", "emulation", "initiatives", "awards"}
PERSONAS = Personas.NAMES


@pytest.fixture
def world(personas, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return World(personas)


def project_url_names():
    """Every named URL of the product's namespaces, from the resolver, and the admin's index."""
    found = {"admin:index"}

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                inner = ":".join(filter(None, [namespace, pattern.namespace]))
                walk(pattern.url_patterns, inner)
            elif namespace in NAMESPACES:
                found.add(f"{namespace}:{pattern.name or pattern.pattern}")

    walk(get_resolver().url_patterns, "")
    return sorted(found)


def status_of(response):
    if response.status_code == 302:
        return "L" if response.url.startswith(reverse("login")) else "302"
    return str(response.status_code)


def actual_statuses(client_as, personas, url):
    return " ".join(status_of(client_as(user).get(url)) for _name, user in personas.all())


def unit_a(w):
    return [w.p.unit_a.code]


def sheet(w):
    return [w.sheet.year, w.p.unit_a.code]


def year(w):
    return [w.sheet.year]


def pk_of(attribute):
    return lambda w: [getattr(w, attribute).pk]


def nothing(w):
    return []


def person_a_history(w):
    return ["person", w.p.person_a.pk]


# url name -> [(arguments built from the world, statuses in the order of Personas.NAMES)]
EXPECTED = {
    # Reports, certificates and eligibility (staff see only their own history).
    "awards:calibrations": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "awards:calibrate": [(lambda w: ["BKN"], "L 403 403 403 200 403 403 403 200")],
    "awards:calibration_test": [(lambda w: ["BKN"], "L 403 403 403 200 403 403 403 200")],
    "awards:decision_certificates": [(pk_of("decision"), "L 404 403 404 200 403 403 403 200")],
    "awards:eligibility": [(nothing, "L 403 200 200 200 200 200 403 200")],
    "awards:knc": [(nothing, "L 403 200 200 200 200 200 403 200")],
    # POST only; the ranking row is looked up after the method check.
    "awards:flag_nomination": [(lambda w: [999999], "L 405 405 405 405 405 405 405 405")],
    "awards:from_registrations": [(nothing, "L 403 200 200 200 403 403 403 200")],
    "awards:lookup": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "awards:history": [(person_a_history, "L 200 200 404 200 200 200 200 200")],
    "awards:history_pdf": [(person_a_history, "L 200 200 404 200 200 200 200 200")],
    "awards:history_print": [(person_a_history, "L 200 200 404 200 200 200 200 200")],
    "awards:statistics": [(lambda w: ["0603"], "L 403 200 200 200 200 200 200 200")],
    "awards:statistics_pdf": [(lambda w: ["0603"], "L 403 200 200 200 200 200 200 200")],
    "awards:statistics_print": [(lambda w: ["0603"], "L 403 200 200 200 200 200 200 200")],
    "awards:statistics_xlsx": [(lambda w: ["0603"], "L 403 200 200 200 200 200 200 200")],
    "awards:summary": [(nothing, "L 403 200 200 200 200 200 200 200")],
    "awards:summary_pdf": [(nothing, "L 403 200 200 200 200 200 200 200")],
    "awards:summary_print": [(nothing, "L 403 200 200 200 200 200 200 200")],
    # The province's own workbook (the whole sector) is made in the background: its job page.
    "awards:summary_xlsx": [(nothing, "L 403 200 200 302 302 302 302 302")],
    "admin:index": [(nothing, "302 302 302 302 302 302 302 302 200")],
    "records:dashboard": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "records:unit_list": [(nothing, "L 403 200 200 200 200 200 200 200")],
    "records:unit_detail": [
        (unit_a, "L 404 200 404 200 200 200 200 200"),
        (lambda w: [w.p.unit_b.code], "L 404 404 200 200 200 200 200 200"),
        (lambda w: [w.p.province.code], "L 404 404 404 200 200 200 200 200"),
        (lambda w: ["NO-SUCH-UNIT"], "L 404 404 404 404 404 404 404 404"),
    ],
    "records:my_record": [(nothing, "L 302 404 302 302 302 302 404 404")],
    "records:person_list": [(nothing, "L 403 200 200 200 200 200 200 200")],
    "records:person_detail": [
        (lambda w: [w.p.person_a.staff_code], "L 200 200 404 200 200 200 200 200"),
        (lambda w: [w.p.person_b.staff_code], "L 404 404 200 200 200 200 200 200"),
        (lambda w: [w.p.chair_person.staff_code], "L 404 404 404 200 200 200 200 200"),
        (lambda w: ["NO-SUCH-CODE"], "L 404 404 404 404 404 404 404 404"),
    ],
    "records:audit_log": [(nothing, "L 403 403 403 403 403 403 403 200")],
    "records:job": [(lambda w: [0], "L 404 404 404 404 404 404 404 404")],
    "records:job_status": [(lambda w: [0], "L 404 404 404 404 404 404 404 404")],
    "records:job_result": [(lambda w: [0], "L 404 404 404 404 404 404 404 404")],
    "records:imports": [(nothing, "L 403 403 403 403 403 403 403 200")],
    "records:import_run": [(nothing, "L 403 403 403 403 403 403 403 405")],
    "records:import_template": [
        (lambda w: ["people", "csv"], "L 403 403 403 403 403 403 403 200"),
        (lambda w: ["conferrals", "xlsx"], "L 403 403 403 403 403 403 403 200"),
        (lambda w: ["nothing", "csv"], "L 403 403 403 403 403 403 403 404"),
    ],
    "emulation:campaigns": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "emulation:campaign_new": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "emulation:campaign": [(pk_of("campaign"), "L 200 200 404 200 200 200 200 200")],
    "emulation:campaign_edit": [(pk_of("campaign"), "L 403 403 404 200 403 403 403 200")],
    "emulation:campaign_advance": [(pk_of("campaign"), "L 405 405 405 405 405 405 405 405")],
    "emulation:registrations": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "emulation:registrations_year": [(year, "L 200 200 200 200 200 200 200 200")],
    "emulation:set_deadline": [(year, "L 405 405 405 405 405 405 405 405")],
    "emulation:registrations_print": [(year, "L 200 200 200 200 200 200 200 200")],
    "emulation:registrations_pdf": [(year, "L 200 200 200 200 200 200 200 200")],
    "emulation:sheet": [(sheet, "L 404 200 404 200 200 200 200 200")],
    "emulation:sheet_submit": [(sheet, "L 405 405 405 405 405 405 405 405")],
    "emulation:sheet_accept": [(sheet, "L 405 405 405 405 405 405 405 405")],
    "emulation:sheet_return": [(sheet, "L 405 405 405 405 405 405 405 405")],
    "emulation:sheet_print": [(sheet, "L 404 200 404 200 200 200 200 200")],
    "emulation:sheet_pdf": [(sheet, "L 404 200 404 200 200 200 200 200")],
    "emulation:clusters": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "emulation:cluster_new": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "emulation:cluster": [(pk_of("cluster"), "L 404 200 404 200 200 200 200 200")],
    "emulation:cluster_edit": [(pk_of("cluster"), "L 404 403 404 200 403 403 403 200")],
    "emulation:pledge_edit": [(pk_of("cluster"), "L 404 403 404 200 403 403 403 200")],
    "emulation:pledge_sign": [(pk_of("cluster"), "L 405 405 405 405 405 405 405 405")],
    "emulation:pledge_print": [(pk_of("cluster"), "L 404 200 404 200 200 200 200 200")],
    "emulation:pledge_pdf": [(pk_of("cluster"), "L 404 200 404 200 200 200 200 200")],
    "emulation:cluster_scores": [(pk_of("cluster"), "L 404 200 404 200 200 200 200 200")],
    "emulation:cluster_rank": [(pk_of("cluster"), "L 405 405 405 405 405 405 405 405")],
    "initiatives:list": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "initiatives:create": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "initiatives:counts": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "initiatives:batches": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "initiatives:person": [(lambda w: [w.p.person_a.pk], "L 200 200 404 200 200 200 200 200")],
    "initiatives:detail": [(pk_of("initiative"), "L 200 200 404 200 200 200 200 200")],
    "initiatives:edit": [(pk_of("initiative"), "L 200 200 404 200 403 403 403 200")],
    "initiatives:submit": [(pk_of("initiative"), "405 405 405 405 405 405 405 405 405")],
    "initiatives:higher_level": [(pk_of("initiative"), "405 405 405 405 405 405 405 405 405")],
    "initiatives:score": [(pk_of("initiative"), "L 403 403 404 403 403 403 403 403")],
    "initiatives:outcome": [(pk_of("initiative"), "405 405 405 405 405 405 405 405 405")],
    "initiatives:duplicate": [(pk_of("initiative"), "405 405 405 405 405 405 405 405 405")],
    "initiatives:attachment": [
        (lambda w: [w.initiative.pk, w.attachment.pk], "L 200 200 404 200 200 200 200 200"),
    ],
    "initiatives:certificate": [
        (lambda w: [w.recognition.pk, w.author.pk], "L 200 200 404 200 200 200 200 200"),
    ],
    "initiatives:certificate_pdf": [
        (lambda w: [w.recognition.pk, w.author.pk], "L 200 200 404 200 200 200 200 200"),
    ],
    "awards:nominations": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "awards:nomination_create": [(nothing, "L 403 200 200 200 403 403 403 200")],
    "awards:nomination": [(pk_of("nomination"), "L 200 200 404 200 200 200 200 200")],
    "awards:nomination_edit": [(pk_of("nomination"), "L 403 200 404 200 403 403 403 200")],
    "awards:file_upload": [(pk_of("nomination"), "L 405 405 405 405 405 405 405 405")],
    "awards:file_download": [(pk_of("dossier_file"), "L 200 200 404 200 200 200 200 200")],
    "awards:nomination_step": [
        (lambda w: [w.nomination.pk, "submit"], "L 405 405 405 405 405 405 405 405"),
    ],
    "awards:sessions": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "awards:session_create": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "awards:session": [(pk_of("session"), "L 404 404 404 200 200 200 404 200")],
    "awards:session_agenda": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_attendance": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_open": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_vote": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_tally": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_close": [(pk_of("session"), "L 405 405 405 405 405 405 405 405")],
    "awards:session_minutes": [(pk_of("closed_session"), "L 404 404 404 200 200 200 404 200")],
    "awards:decisions": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "awards:decision_create": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "awards:decision": [(pk_of("decision"), "L 404 200 404 200 200 200 200 200")],
    "awards:decision_issue": [(pk_of("decision"), "L 405 405 405 405 405 405 405 405")],
    "awards:decision_discard": [(pk_of("decision"), "L 405 405 405 405 405 405 405 405")],
    "awards:decision_correct": [(pk_of("decision"), "L 405 405 405 405 405 405 405 405")],
    "awards:decision_pdf": [(pk_of("decision"), "L 404 200 404 200 200 200 200 200")],
    "awards:proposals": [(nothing, "L 200 200 200 200 200 200 200 200")],
    "awards:proposal_create": [(nothing, "L 403 403 403 200 403 403 403 200")],
    "awards:proposal": [(pk_of("proposal"), "L 404 200 404 200 200 200 200 200")],
    "awards:proposal_issue": [(pk_of("proposal"), "L 405 405 405 405 405 405 405 405")],
    "awards:proposal_discard": [(pk_of("proposal"), "L 405 405 405 405 405 405 405 405")],
    "awards:proposal_outcome": [(pk_of("proposal"), "L 405 405 405 405 405 405 405 405")],
    "awards:proposal_pdf": [(pk_of("proposal"), "L 404 200 404 200 200 200 200 200")],
}


def test_no_expectation_names_a_url_that_is_gone():
    assert set(EXPECTED) <= set(project_url_names())


def test_every_row_names_every_persona():
    for url_name, cases in EXPECTED.items():
        for _arguments, expected in cases:
            assert len(expected.split()) == len(PERSONAS), url_name


def test_every_url_has_an_expectation():
    missing = sorted(set(project_url_names()) - set(EXPECTED))
    assert not missing, f"URLs without expected statuses in {__name__}.EXPECTED: {missing}"


# One test per namespace: the world is built once for many requests.
@pytest.mark.parametrize("namespace", ["admin", "records", "emulation", "initiatives", "awards"])
def test_every_persona_gets_the_expected_status(world, personas, client_as, namespace):
    wrong = []
    for url_name, cases in EXPECTED.items():
        if url_name.split(":")[0] != namespace:
            continue
        for arguments, expected in cases:
            url = reverse(url_name, args=arguments(world))
            for (name, user), want in zip(personas.all(), expected.split(), strict=True):
                got = status_of(client_as(user).get(url))
                if got != want:
                    wrong.append(f"{url} as {name}: {got}, expected {want}")
    assert not wrong, "\n".join(wrong)


# What identifies unit A's records on a page: names, codes, numbers and titles.
UNIT_A_MARKERS = [
    "Nguyễn Văn An",
    "A0001",
    "SL-A",
    "VKSND huyện A",
    "Phong trào huyện A",
    "Hội đồng TĐKT huyện A",
    "Giải pháp nâng cao",
    "QĐ-VKS",
    "TTr-VKS",
    "Sáng kiến số 0",
]


# Pages over a year or the imports: not objects of unit A.
# Arguments that name no record of unit A: kinds of document, forms, missing rows.
NOT_OBJECTS = (
    "records:import",
    "emulation:registrations",
    "emulation:set_deadline",
    "awards:calibrat",
    "awards:statistics",
    "awards:flag_nomination",
)


def object_urls(world):
    """The URLs of EXPECTED that name one of unit A's objects (not a list, not unit B's)."""
    foreign = {world.p.unit_b.code, world.p.person_b.staff_code, world.p.province.code}
    for url_name, cases in EXPECTED.items():
        if url_name.startswith(NOT_OBJECTS):
            continue
        for arguments, _expected in cases:
            args = {str(a) for a in arguments(world)}
            if args and not foreign & args and "NO-SUCH" not in str(args):
                yield url_name, reverse(url_name, args=arguments(world))


def test_nothing_of_unit_a_reaches_the_officer_of_unit_b(world, personas, client_as):
    """Every page the officer of unit B may open shows none of unit A's records, and every
    page or action on one of unit A's objects answers 404, for GET and POST alike."""
    from awards.models import Nomination
    from initiatives.models import Initiative
    from records.models import AuditEvent
    from tests.pdf import pdf_text

    client = client_as(personas.officer_b)
    before = (AuditEvent.objects.count(), list(Nomination.objects.values_list("status")))
    before += (list(Initiative.objects.values_list("status")),)
    seen = []
    for url_name, cases in EXPECTED.items():
        for arguments, _expected in cases:
            url = reverse(url_name, args=arguments(world))
            response = client.get(url)
            if response.status_code != 200:
                continue
            if response["Content-Type"] == "application/pdf":
                text = pdf_text(response)
            elif response["Content-Type"].startswith("application/vnd.openxmlformats"):
                text = xlsx_text(response)
            else:
                text = response.content.decode()
            seen.append(url)
            leaked = [marker for marker in UNIT_A_MARKERS if marker in text]
            assert not leaked, f"{url} shows {leaked} to the officer of unit B"
    assert len(seen) >= 15
    refused = {name: client.post(url).status_code for name, url in object_urls(world)}
    assert len(refused) >= 50
    assert {name: status for name, status in refused.items() if status != 404} == {}
    after = (AuditEvent.objects.count(), list(Nomination.objects.values_list("status")))
    after += (list(Initiative.objects.values_list("status")),)
    assert after == before


def xlsx_text(response):
    from io import BytesIO

    from openpyxl import load_workbook

    book = load_workbook(BytesIO(response.content), read_only=True)
    return " ".join(
        str(value)
        for sheet in book.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def test_the_officer_of_unit_a_sees_the_same_records(world, personas, client_as):
    """The markers above do appear to unit A's officer: the test above would catch a leak."""
    client = client_as(personas.officer_a)
    for url_name in ["awards:nominations", "emulation:campaigns", "initiatives:list"]:
        text = client.get(reverse(url_name)).content.decode()
        assert any(marker in text for marker in UNIT_A_MARKERS), url_name
