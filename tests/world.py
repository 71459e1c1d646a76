"""One object of every kind, all belonging to unit A of the personas' province: the permission
matrix and the object-level scoping tests request each of them as every persona."""

from datetime import date

from django.core.files.base import ContentFile

from awards import services as award_services
from awards.models import BallotMode, DossierFile
from emulation.models import Campaign
from initiatives.importing import write_rows
from initiatives.models import Attachment, Recognition
from records.models import Council, CouncilKind, CouncilMember, CouncilRole
from tests.awards.conftest import DAY, YEAR, Awards
from tests.emulation.conftest import make_cluster, make_sheet
from tests.initiatives.factories import make_initiative, recognised_rows

PDF = b"%PDF-1.4\n% a tiny test file\n"
HEADER = {
    "year": YEAR,
    "date": date(2023, 12, 20),
    "issuing_body": "Viện kiểm sát nhân dân huyện A",
    "signer": "Hoàng Văn Trưởng",
    "signer_position": "Viện trưởng",
    "subject": "Về việc khen thưởng năm 2023",
}


class World:
    """Unit A's records: a nomination with a dossier file, a council with a session, an issued
    decision, a draft proposal, a registration sheet, a campaign, a cluster, an initiative with an
    attachment and a recognition."""

    def __init__(self, personas):
        p = self.p = personas
        clerk = p.clerk
        self.awards = Awards(personas)
        honours = self.awards.honours
        self.nomination = self.awards.nominate("CSTDCS", proposing_unit=p.unit_a)
        self.dossier_file = DossierFile.objects.create(
            nomination=self.nomination,
            kind="achievement_report",
            file=ContentFile(PDF, name="report.pdf"),
            original_name="report.pdf",
            content_type="application/pdf",
            size=len(PDF),
            uploaded_by=clerk,
        )
        # Unit A's own council, with the staff member's person on it.
        self.council = Council.objects.create(
            unit=p.unit_a, kind=CouncilKind.EMULATION, name="Hội đồng TĐKT huyện A"
        )
        CouncilMember.objects.create(
            council=self.council, person=p.person_a, role=CouncilRole.CHAIR, term_start=DAY
        )
        self.session = award_services.create_session(
            clerk, self.council, YEAR, DAY, "Hội trường", BallotMode.PAPER
        )
        decided = self.awards.nominate("LDTT", proposing_unit=p.unit_a)
        proposed = self.awards.nominate("BKN", proposing_unit=p.unit_a)
        self.closed_session = self.awards.approved([decided, proposed])
        decision = award_services.draft_decision(
            clerk, [decided], issuer_unit=p.unit_a, symbol="QĐ-VKS", **HEADER
        )
        self.decision = award_services.issue_decision(clerk, decision)
        self.proposal = award_services.draft_proposal(
            clerk,
            [proposed],
            "Viện trưởng VKSND tối cao",
            issuer_unit=p.unit_a,
            symbol="TTr-VKS",
            **HEADER,
        )
        self.sheet = make_sheet(p.unit_a, YEAR, honours)
        self.campaign = Campaign.objects.create(
            name="Phong trào huyện A",
            form="regular",
            level="unit",
            scope="unit",
            launching_unit=p.unit_a,
            start_date=date(2023, 1, 1),
            end_date=date(2023, 12, 31),
        )
        self.cluster = make_cluster(p.unit_a, [p.unit_a])
        self.initiative = make_initiative(p.staff, p.unit_a, [(p.person_a, 100)])
        self.attachment = Attachment.objects.create(
            initiative=self.initiative, file=ContentFile(PDF, name="proof.pdf"), name="proof.pdf"
        )
        write_rows(recognised_rows(p.unit_a, [p.person_a, p.clerk_person], 1))
        self.recognition = Recognition.objects.get()
        self.author = self.recognition.initiative.authors.order_by("id").first()
