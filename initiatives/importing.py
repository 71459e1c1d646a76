"""The writer for imports of initiative history (DOMAIN §8, kind `initiatives`). The import
framework (`records.importing`) validates the file and hands over `InitiativeRow`s; matching is
by code, so importing the same rows twice changes nothing the second time."""

from collections import defaultdict

from django.db import transaction

from initiatives.models import Author, Initiative, Level, Recognition, Status
from initiatives.similarity import search_text
from records.bulk import Counts
from records.models import AuditEvent

FIELDS = ["title", "search_text", "unit_id", "year", "requested_level"]


def _initiative_values(rows):
    """The initiative as the rows of one code describe it: its highest recognition's row wins."""
    rank = {Level.GRASSROOTS: 0, Level.PROVINCE: 1, Level.SECTOR: 1}
    top = max(rows, key=lambda row: (rank[row.level], row.recognised_on))
    return {
        "title": top.title,
        "search_text": search_text(top.title, ""),
        "unit_id": top.unit_id,
        "year": min(row.year for row in rows),
        "requested_level": top.level,
    }, [(author.person_id, author.share) for author in top.authors]


def write_rows(rows, actor=None):
    """Create or update one recognised initiative per code, with its authors and a recognition
    per row. Bulk operations; returns counts of created, updated and unchanged initiatives."""
    by_code = defaultdict(list)
    for row in rows:
        by_code[row.code].append(row)
    with transaction.atomic():
        existing = {i.code: i for i in Initiative.objects.filter(code__in=by_code)}
        current_authors = defaultdict(list)
        for initiative_id, person_id, share in Author.objects.filter(
            initiative__code__in=by_code
        ).values_list("initiative_id", "person_id", "share"):
            current_authors[initiative_id].append((person_id, share))
        created, changed, wanted_authors = [], [], {}
        for code, code_rows in by_code.items():
            values, authors = _initiative_values(code_rows)
            initiative = existing.get(code)
            if initiative is None:
                initiative = Initiative(code=code, summary="", status=Status.DRAFT, **values)
                created.append(initiative)
            elif any(getattr(initiative, k) != v for k, v in values.items()) or sorted(
                current_authors[initiative.pk]
            ) != sorted(authors):
                for name, value in values.items():
                    setattr(initiative, name, value)
                changed.append(initiative)
            else:
                continue
            wanted_authors[code] = authors
        Initiative.objects.bulk_create(created)
        if changed:
            # Back to draft while the authors are replaced; recognised again below.
            Initiative.objects.filter(pk__in=[i.pk for i in changed]).update(status=Status.DRAFT)
            Initiative.objects.bulk_update(changed, FIELDS)
            Author.objects.filter(initiative__in=changed).delete()
        touched = {i.code: i for i in created + changed}
        Author.objects.bulk_create(
            Author(initiative=touched[code], person_id=person_id, share=share, position=position)
            for code, authors in wanted_authors.items()
            for position, (person_id, share) in enumerate(authors, start=1)
        )
        Initiative.objects.filter(code__in=by_code).exclude(status=Status.RECOGNISED).update(
            status=Status.RECOGNISED
        )
        every = {**existing, **touched}
        Recognition.objects.bulk_create(
            [
                Recognition(
                    initiative=every[row.code],
                    level=row.level,
                    year=row.year,
                    decision_number=row.decision_number,
                    decision_date=row.recognised_on,
                )
                for row in rows
            ],
            update_conflicts=True,
            unique_fields=["initiative", "level"],
            update_fields=["year", "decision_number", "decision_date"],
        )
        counts = Counts(
            created=len(created),
            updated=len(changed),
            unchanged=len(by_code) - len(created) - len(changed),
        )
        AuditEvent.objects.create(
            actor=actor,
            action="initiatives.import",
            object_type="initiative",
            details=vars(counts),
        )
    return counts
