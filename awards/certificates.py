"""Certificates (bằng khen, giấy khen) printed on pre-printed blanks: one page per recipient of an
issued decision, each text placed at the offsets the clerk calibrated for the certificate type
(`CertificateCalibration`), and a test page that shows where each text lands.

Until a type is calibrated, the default positions below are used (a common landscape blank)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _

from awards.models import CertificateCalibration, DocumentStatus
from records.models import AuditEvent

DEFAULTS = {
    "landscape": True,
    "font_size": Decimal("16"),
    "name_x": Decimal("60"),
    "name_y": Decimal("85"),
    "unit_x": Decimal("60"),
    "unit_y": Decimal("100"),
    "text_x": Decimal("60"),
    "text_y": Decimal("115"),
    "decision_x": Decimal("60"),
    "decision_y": Decimal("160"),
}
FIELDS = list(DEFAULTS)


def calibration_for(honour):
    """The saved calibration of `honour`'s certificate, or an unsaved one with the defaults."""
    found = CertificateCalibration.objects.filter(honour=honour).first()
    return found or CertificateCalibration(honour=honour, **DEFAULTS)


def save_calibration(actor, honour, values):
    """Save the offsets of one certificate type and record who changed them."""
    with transaction.atomic():
        calibration, created = CertificateCalibration.objects.select_for_update().get_or_create(
            honour=honour, defaults=values
        )
        before = {name: str(getattr(calibration, name)) for name in FIELDS}
        if not created:
            for name, value in values.items():
                setattr(calibration, name, value)
            calibration.save()
        AuditEvent.objects.create(
            actor=actor,
            action="calibrate_certificate",
            object_type="awards.certificatecalibration",
            object_id=str(calibration.pk),
            details={
                "honour": honour.code,
                "before": None if created else before,
                "after": {name: str(values[name]) for name in FIELDS},
            },
        )
    return calibration


@dataclass
class Certificate:
    """The four texts printed on one blank."""

    name: str
    unit: str
    text: str
    decision: str


def decision_line(decision):
    return _("Decision No. %(number)s dated %(date)s") % {
        "number": decision.number,
        "date": decision.date.strftime("%d/%m/%Y") if decision.date else "…",
    }


def certificates(decision):
    """(calibration, [Certificate]) groups of an issued decision, one group per certificate
    type, in the decision's order; three queries whatever the number of recipients."""
    if decision.status != DocumentStatus.ISSUED:
        return []
    line = decision_line(decision)
    nominations = list(
        decision.nominations.for_list()
        .select_related("person__unit", "unit__parent")
        .order_by("honour__rank", "id")
    )
    honours = {n.honour_id: n.honour for n in nominations}
    saved = {c.honour_id: c for c in CertificateCalibration.objects.filter(honour_id__in=honours)}
    groups = {}
    for nomination in nominations:
        certificate = Certificate(
            name=str(nomination.recipient),
            unit=_where(nomination),
            text=nomination.summary or nomination.campaign,
            decision=line,
        )
        honour = honours[nomination.honour_id]
        calibration = saved.get(honour.pk) or CertificateCalibration(honour=honour, **DEFAULTS)
        groups.setdefault(honour.pk, (calibration, []))[1].append(certificate)
    return list(groups.values())


def _where(nomination):
    """The line under the name: a person's position and unit, a collective's parent unit."""
    person = nomination.person
    if person is None:
        parent = nomination.unit.parent
        return parent.name if parent else ""
    return ", ".join(part for part in (person.position, person.unit.name) if part)


def test_page(honour):
    """One sample certificate for printing on plain paper held against a blank."""
    sample = Certificate(
        name=_("Sample Name"),
        unit=_("Sample unit"),
        text=_("Sample achievement text"),
        decision=_("Decision No. …/QĐ-… dated …"),
    )
    return [(calibration_for(honour), [sample])]
