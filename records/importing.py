"""Imports of history (DOMAIN §8): units, people, conferred honours, ratings, discipline and
initiatives, from UTF-8 CSV files with a header row or the first sheet of an .xlsx workbook.

Every row is validated before anything is written, and a file with any wrong row imports nothing.
Rows are matched on their natural keys, so importing the same file twice changes nothing.
Lookups are loaded once and rows are written in batches: the number of queries does not grow with
the number of rows (15,000 people or 400,000 conferrals stay feasible).

Apps above `records` add what they own without `records` importing them: the initiatives app
plugs its writer in with `register_writer("initiatives", func)` from its AppConfig.ready().
"""

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from operator import itemgetter
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from records.bulk import BATCH_SIZE, Counts, stored, update, upsert
from records.exports import safe_row
from records.fields import parse_year
from records.models import (
    AuditEvent,
    Conferral,
    ConferralSource,
    Discipline,
    DisciplineLevel,
    Gender,
    Honour,
    Leadership,
    Method,
    Person,
    Rating,
    RatingLevel,
    RecipientType,
    Unit,
    UnitKind,
)
from records.text import fold

XLSX_MAGIC = b"PK\x03\x04"
XLS_MAGIC = b"\xd0\xcf\x11\xe0"
ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})", re.ASCII)
VN_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})", re.ASCII)
SHARE = re.compile(r"\d{1,3}([.,]\d{1,2})?", re.ASCII)


@dataclass(frozen=True)
class RowError:
    """A problem found in a file: its row (None for the whole file), column and reason."""

    row: int | None
    column: str
    message: str


@dataclass
class ImportResult:
    kind: str
    counts: Counts | None = None
    errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.errors


class ImportRejected(Exception):
    """The file cannot be imported; `errors` says why. Raised inside the import's transaction."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


def file_error(message, row=None, column=""):
    return ImportRejected([RowError(row, column, str(message))])


# --- Reading files --------------------------------------------------------------------------


def max_file_size():
    return getattr(settings, "IMPORT_MAX_FILE_SIZE", 50 * 1024 * 1024)


def upload_problem(name, size, head):
    """Why an uploaded file cannot be an import file, judged by its name, size and first bytes."""
    suffix = Path(name).suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        return _("Upload a .csv or .xlsx file.")
    if size > max_file_size():
        return _("The file is larger than %(size)s MB.") % {"size": max_file_size() // 2**20}
    is_binary = head.startswith(XLSX_MAGIC) or head.startswith(XLS_MAGIC)
    if suffix == ".xlsx" and not head.startswith(XLSX_MAGIC):
        return _("The file's content is not an Excel .xlsx workbook.")
    if suffix == ".csv" and is_binary:
        return _("The file's content is a spreadsheet, not CSV text: name it .xlsx.")
    return None


def cell_text(value):
    """An .xlsx cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def csv_rows(data):
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise file_error(
            _(
                "The file is not UTF-8 text (the first wrong byte is on line %(line)s). Save it "
                "as “CSV UTF-8” or upload an .xlsx file."
            )
            % {"line": line},
            row=line,
        ) from None
    end = data.find(b"\n")
    first_line = data[: end if end >= 0 else len(data)].decode("utf-8")
    # Spreadsheets set to some regional formats save CSV with semicolons.
    delimiter = ";" if ";" in first_line and "," not in first_line else ","
    text = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8-sig", newline="")
    try:
        yield from enumerate(csv.reader(text, delimiter=delimiter), 1)
    except csv.Error as exc:
        raise file_error(_("The CSV file could not be read: %(error)s") % {"error": exc}) from None


def xlsx_rows(data):
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds of errors for a damaged file
        raise file_error(
            _("The Excel file could not be read. Open it in Excel and save it again as .xlsx.")
        ) from None
    try:
        for number, values in enumerate(book.worksheets[0].iter_rows(values_only=True), 1):
            yield number, [cell_text(value) for value in values]
    except Exception:
        raise file_error(
            _("The Excel file could not be read. Open it in Excel and save it again as .xlsx.")
        ) from None
    finally:
        book.close()


def data_rows(data, columns):
    """(row number, cells in the order of `columns`) for every non-blank data row of a CSV or
    .xlsx file, judged by its content. The header is the first non-blank row; row numbers are
    those a spreadsheet shows."""
    if data.startswith(XLS_MAGIC):
        raise file_error(_("Old Excel .xls files are not accepted: save the file as .xlsx."))
    rows = xlsx_rows(data) if data.startswith(XLSX_MAGIC) else csv_rows(data)
    for number, header in rows:
        names = [name.strip().lstrip("\ufeff").lower() for name in header]
        if any(names):
            header_number = number
            break
    else:
        raise file_error(_("The file is empty."))
    missing = [column for column in columns if column not in names]
    if missing:
        raise file_error(
            _("Missing columns: %(missing)s. The header row must hold: %(columns)s.")
            % {"missing": ", ".join(missing), "columns": ",".join(columns)},
            row=header_number,
            column=", ".join(missing),
        )
    positions = [names.index(column) for column in columns]
    padding = [""] * len(names)
    limit = settings.IMPORT_MAX_ROWS
    count = 0
    for number, cells in rows:
        if len(cells) < len(names):
            cells = [*cells, *padding[len(cells) :]]
        values = [cells[position].strip() for position in positions]
        if not any(values):
            continue
        count += 1
        if count > limit:
            raise file_error(
                _("The file has more than %(limit)s rows: split it into smaller files.")
                % {"limit": limit}
            )
        yield number, values
    if not count:
        raise file_error(_("The file has a header row but no data rows."))


# --- Validating rows ------------------------------------------------------------------------


class Row:
    """The row being validated. Each reader returns the cleaned value of a column, or records a
    problem (row number, column, reason) and returns None."""

    def __init__(self, columns):
        self.position = {column: index for index, column in enumerate(columns)}
        self.errors = []
        self.number = None
        self.cells = ()
        self.valid = True
        self._dates = {}
        self._choices = {}

    def load(self, number, cells):
        self.number, self.cells, self.valid = number, cells, True

    def error(self, column, message, number=None):
        self.errors.append(RowError(number or self.number, column, str(message)))
        self.valid = False

    def __getitem__(self, column):
        return self.cells[self.position[column]]

    def text(self, column, max_length, required=False):
        value = self[column]
        if not value and required:
            self.error(column, _("A value is required."))
        elif len(value) > max_length:
            self.error(column, _("Too long: at most %(limit)s characters.") % {"limit": max_length})
        return value

    def choice(self, column, choices, default=None):
        value = self[column] or default
        allowed = self._choices.get(choices)
        if allowed is None:
            allowed = self._choices[choices] = frozenset(choices.values)
        if value not in allowed:
            if value:
                message = _("“%(value)s” is not allowed; use one of: %(choices)s.")
            else:
                message = _("A value is required; use one of: %(choices)s.")
            self.error(column, message % {"value": value, "choices": ", ".join(choices.values)})
            return None
        return value

    def year(self, column):
        value = self[column]
        if (year := parse_year(value)) is not None:
            return year
        self.error(column, _("“%(value)s” is not a year.") % {"value": value})
        return None

    def date(self, column, required=False):
        value = self[column]
        if not value:
            if required:
                self.error(column, _("A date is required."))
            return None
        if value not in self._dates:
            self._dates[value] = parse_date(value)
        parsed = self._dates[value]
        if isinstance(parsed, str):
            self.error(column, parsed)
            return None
        return parsed

    def code(self, column, mapping, unknown, required=True):
        """The id that `mapping` holds for the code in `column`; `unknown` names the problem."""
        value = self[column]
        if not value:
            if required:
                self.error(column, _("A value is required."))
            return None
        if value not in mapping:
            self.error(column, str(unknown) % {"code": value})
            return None
        return mapping[value]


def parse_date(value):
    """A date from YYYY-MM-DD or dd/mm/yyyy, or the reason it is not one."""
    if match := ISO_DATE.fullmatch(value):
        year, month, day = match.groups()
    elif match := VN_DATE.fullmatch(value):
        day, month, year = match.groups()
    else:
        return _("“%(value)s” is not a date: write YYYY-MM-DD or dd/mm/yyyy.") % {"value": value}
    try:
        return date(int(year), int(month), int(day))
    except ValueError:
        return _("“%(value)s” is not a real date.") % {"value": value}


# Lazy: translated only when a row is wrong, not for each of thousands of good rows.
UNKNOWN_UNIT = gettext_lazy("Unknown unit code “%(code)s”.")
UNKNOWN_STAFF = gettext_lazy("Unknown staff code “%(code)s”.")
UNKNOWN_HONOUR = gettext_lazy("Unknown honour code “%(code)s”.")


# --- The importers --------------------------------------------------------------------------


class Importer:
    """Reads one kind of file: `clean(row)` validates a row and returns (natural key, values);
    `check(rows)` validates across rows; `write(rows)` stores them and returns the counts."""

    kind = ""
    label = ""
    columns = ()
    example = ()
    # The columns that make the natural key, named when a row repeats another.
    key_columns = ()

    def __init__(self):
        self.row = Row(self.columns)

    def prepare(self):
        """Load the lookups the rows refer to (a fixed number of queries)."""

    def clean(self, row):
        raise NotImplementedError

    def check(self, rows):
        """Validate what only the whole file can tell; report with `self.row.error(…, number)`."""

    def write(self, rows):
        raise NotImplementedError

    def validate(self, data):
        """Every row cleaned as (row number, natural key, values); errors are left in the row."""
        row, seen, cleaned = self.row, {}, []
        for number, cells in data_rows(data, self.columns):
            row.load(number, cells)
            item = self.clean(row)
            if not row.valid:
                continue
            key, values = item
            first = seen.setdefault(key, number)
            if first != number:
                row.error(
                    self.key_columns[0],
                    _("This row repeats row %(row)s (same %(columns)s).")
                    % {"row": first, "columns": ", ".join(self.key_columns)},
                )
                continue
            cleaned.append((number, key, values))
        self.check(cleaned)
        return cleaned

    def sorted_errors(self):
        return sorted(self.row.errors, key=lambda error: error.row or 0)

    def run(self, data):
        self.prepare()
        cleaned = self.validate(data)
        if self.row.errors:
            raise ImportRejected(self.sorted_errors())
        return self.write(cleaned)


class UnitsImporter(Importer):
    kind = "units"
    label = gettext_lazy("Units")
    columns = ("code", "name", "kind", "parent_code", "valid_from", "valid_to", "merged_into_code")
    example = ("SL-KV1", "VKSND khu vực 1 - Sơn La", "regional", "SONLA", "2025-07-01", "", "")
    key_columns = ("code",)
    fields = ("name", "kind", "parent_id", "valid_from", "valid_to", "merged_into_id")

    def prepare(self):
        self.existing = {}
        self.codes = {}
        for pk, code, *values in Unit.objects.values_list("pk", "code", *self.fields):
            self.existing[code] = (pk, values)
            self.codes[pk] = code

    def clean(self, row):
        code = row.text("code", 32, required=True)
        name = row.text("name", 255, required=True)
        kind = row.choice("kind", UnitKind)
        links = {}
        for column in ("parent_code", "merged_into_code"):
            links[column] = row.text(column, 32)
            if code and links[column] == code:
                row.error(column, _("A unit cannot refer to itself."))
        valid_from, valid_to = row.date("valid_from"), row.date("valid_to")
        if valid_from and valid_to and valid_to < valid_from:
            row.error("valid_to", _("The end of validity is before its start."))
        values = (name, kind, links["parent_code"], valid_from, valid_to, links["merged_into_code"])
        return code, values

    def check(self, rows):
        """Links name a unit of the file or of the database, and never loop."""
        known = set(self.existing)
        known.update(key for _number, key, _values in rows)
        # Parent and successor sit at the same place in the stored and in the cleaned values.
        for column, index in (("parent_code", 2), ("merged_into_code", 5)):
            links = {
                code: self.codes.get(values[index]) for code, (_pk, values) in self.existing.items()
            }
            links.update((code, values[index] or None) for _number, code, values in rows)
            for number, code, values in rows:
                if values[index] and values[index] not in known:
                    self.row.error(column, str(UNKNOWN_UNIT) % {"code": values[index]}, number)
                elif values[index] and loops(links, code):
                    self.row.error(column, _("These links go round in a circle."), number)

    def write(self, rows):
        counts = Counts()
        new = [
            Unit(code=code, name=values[0], kind=values[1])
            for _number, code, values in rows
            if code not in self.existing
        ]
        Unit.objects.bulk_create(new, batch_size=BATCH_SIZE)
        counts.created = len(new)
        ids = dict(Unit.objects.values_list("code", "pk"))
        to_update = []
        for _number, code, values in rows:
            name, kind, parent_code, valid_from, valid_to, merged_code = values
            wanted = [name, kind, ids.get(parent_code), valid_from, valid_to, ids.get(merged_code)]
            pk, stored_values = self.existing.get(code, (None, None))
            if pk is None:
                # A new unit was created without its links, which may name units of the file.
                if any(wanted[2:]):
                    to_update.append((ids[code], wanted))
            elif stored_values != wanted:
                to_update.append((pk, wanted))
                counts.updated += 1
            else:
                counts.unchanged += 1
        update(Unit, self.fields, to_update)
        return counts


def loops(links, start):
    """Whether following `links` (code → code) from `start` comes back to it."""
    seen = set()
    code = links.get(start)
    while code and code not in seen:
        if code == start:
            return True
        seen.add(code)
        code = links.get(code)
    return False


class PeopleImporter(Importer):
    kind = "people"
    label = gettext_lazy("People")
    columns = (
        "staff_code",
        "full_name",
        "gender",
        "birth_date",
        "unit_code",
        "position",
        "leadership",
        "sector_start_date",
    )
    example = (
        "SL0101",
        "Nguyễn Văn Minh",
        "male",
        "12/04/1985",
        "SL-KV1",
        "Kiểm sát viên",
        "staff",
        "2010-09-01",
    )
    key_columns = ("staff_code",)
    fields = (
        "staff_code",
        "full_name",
        "search_text",
        "gender",
        "birth_date",
        "unit_id",
        "position",
        "leadership",
        "sector_start_date",
    )

    def prepare(self):
        self.units = dict(Unit.objects.values_list("code", "pk"))

    def clean(self, row):
        staff_code = row.text("staff_code", 32, required=True)
        full_name = row.text("full_name", 255, required=True)
        values = (
            staff_code,
            full_name,
            fold(f"{full_name} {staff_code}"),
            row.choice("gender", Gender),
            row.date("birth_date"),
            row.code("unit_code", self.units, UNKNOWN_UNIT),
            row.text("position", 255),
            row.choice("leadership", Leadership, default=Leadership.STAFF),
            row.date("sector_start_date"),
        )
        return staff_code, values

    def write(self, rows):
        existing = stored(Person.objects.all(), self.fields, lambda values: values[0])
        return upsert(Person, self.fields, ((key, values) for _n, key, values in rows), existing)


class RecipientImporter(Importer):
    """Rows for an individual (named by staff_code, with their unit at the time in unit_code, by
    default their current unit) or a collective (a unit, named by unit_code)."""

    def prepare(self):
        self.units = dict(Unit.objects.values_list("code", "pk"))
        self.people = {
            code: (pk, unit_id)
            for code, pk, unit_id in Person.objects.values_list("staff_code", "pk", "unit_id")
        }

    def recipient(self, row):
        """(recipient type, person id, unit id), or Nones after recording the problem."""
        recipient_type = row.choice("recipient_type", RecipientType)
        if recipient_type == RecipientType.INDIVIDUAL:
            person = row.code("staff_code", self.people, UNKNOWN_STAFF)
            unit_id = row.code("unit_code", self.units, UNKNOWN_UNIT, required=False)
            if person:
                return recipient_type, person[0], unit_id or person[1]
        elif recipient_type == RecipientType.COLLECTIVE:
            if row["staff_code"]:
                row.error("staff_code", _("A collective row must not name a person."))
            unit_id = row.code("unit_code", self.units, UNKNOWN_UNIT)
            return recipient_type, None, unit_id
        return recipient_type, None, None


def recipient_key(values):
    """The recipient half of a natural key: the person of an individual, the unit otherwise."""
    recipient_type, person_id, unit_id = values
    return (recipient_type, person_id if recipient_type == RecipientType.INDIVIDUAL else unit_id)


class ConferralsImporter(RecipientImporter):
    kind = "conferrals"
    label = gettext_lazy("Conferred honours")
    columns = (
        "year",
        "recipient_type",
        "staff_code",
        "unit_code",
        "honour_code",
        "method",
        "campaign",
        "decision_number",
        "decision_date",
        "issuer",
    )
    example = (
        "2023",
        "individual",
        "SL0101",
        "SL-KV1",
        "LDTT",
        "regular",
        "",
        "125/QĐ-VKS",
        "2023-12-20",
        "VKSND tỉnh Sơn La",
    )
    key_columns = ("staff_code", "unit_code", "honour_code", "year", "decision_number")
    fields = (
        "recipient_type",
        "person_id",
        "unit_id",
        "honour_id",
        "year",
        "decision_number",
        "method",
        "campaign",
        "decision_date",
        "issuer",
    )

    # What a decision gives all the rows it confers. A valid row's checked values of these columns
    # are remembered, so the thousands of rows that repeat them only have their recipient checked.
    decision_columns = (
        "year",
        "recipient_type",
        "honour_code",
        "method",
        "campaign",
        "decision_number",
        "decision_date",
        "issuer",
    )
    remembered_decisions = 10_000

    def prepare(self):
        super().prepare()
        self.honours = {honour.code: honour for honour in Honour.objects.all()}
        self.decision_cells = itemgetter(*map(self.row.position.get, self.decision_columns))
        self.decisions = {}

    def clean(self, row):
        cells = self.decision_cells(row.cells)
        decision = self.decisions.get(cells)
        if decision is None:
            return self.clean_all(row, cells)
        values = (*self.recipient(row), *decision)
        return self.key(values), values

    def clean_all(self, row, cells):
        year = row.year("year")
        recipient = self.recipient(row)
        honour = row.code("honour_code", self.honours, UNKNOWN_HONOUR)
        if honour and recipient[0] and not honour.accepts(recipient[0]):
            row.error(
                "honour_code",
                _("%(honour)s is not awarded to this recipient type.") % {"honour": honour.code},
            )
        decision = (
            honour and honour.pk,
            year,
            row.text("decision_number", 64, required=True),
            row.choice("method", Method),
            row.text("campaign", 255),
            row.date("decision_date"),
            row.text("issuer", 255),
        )
        if row.valid and len(self.decisions) < self.remembered_decisions:
            self.decisions[cells] = decision
        values = (*recipient, *decision)
        return self.key(values), values

    @staticmethod
    def key(values):
        return (*recipient_key(values[:3]), values[3], values[4], values[5])

    def write(self, rows):
        years = {values[4] for _n, _key, values in rows}
        existing = stored(Conferral.objects.filter(year__in=years), self.fields, self.key)
        return upsert(
            Conferral,
            self.fields,
            ((key, values) for _n, key, values in rows),
            existing,
            create_extra={"source": ConferralSource.IMPORT},
        )


class RatingsImporter(RecipientImporter):
    kind = "ratings"
    label = gettext_lazy("Ratings")
    columns = ("year", "recipient_type", "staff_code", "unit_code", "rating")
    example = ("2023", "individual", "SL0101", "SL-KV1", "excellent")
    key_columns = ("year", "staff_code", "unit_code")
    fields = ("recipient_type", "person_id", "unit_id", "year", "rating")

    def clean(self, row):
        values = (*self.recipient(row), row.year("year"), row.choice("rating", RatingLevel))
        return self.key(values), values

    @staticmethod
    def key(values):
        return (*recipient_key(values[:3]), values[3])

    def write(self, rows):
        years = {values[3] for _n, _key, values in rows}
        existing = stored(Rating.objects.filter(year__in=years), self.fields, self.key)
        return upsert(Rating, self.fields, ((k, v) for _n, k, v in rows), existing)


class DisciplineImporter(Importer):
    kind = "discipline"
    label = gettext_lazy("Discipline")
    columns = ("staff_code", "level", "start_date", "end_date", "decision_number")
    example = ("SL0101", "reprimand", "2022-03-15", "2023-03-14", "12/QĐ-VKS")
    key_columns = ("staff_code", "decision_number", "level", "start_date")
    fields = ("person_id", "decision_number", "level", "start_date", "end_date")

    def prepare(self):
        self.people = dict(Person.objects.values_list("staff_code", "pk"))

    def clean(self, row):
        start, end = row.date("start_date", required=True), row.date("end_date")
        if start and end and end < start:
            row.error("end_date", _("The end date is before the start date."))
        values = (
            row.code("staff_code", self.people, UNKNOWN_STAFF),
            row.text("decision_number", 64, required=True),
            row.choice("level", DisciplineLevel),
            start,
            end,
        )
        return values[:4], values

    def write(self, rows):
        existing = stored(Discipline.objects.all(), self.fields, lambda values: values[:4])
        return upsert(Discipline, self.fields, ((k, v) for _n, k, v in rows), existing)


# --- Initiatives: validated here, written by the initiatives app ---------------------------


class InitiativeLevel:
    """The levels an initiative is recognised at (DOMAIN §5); the initiatives app owns the model."""

    values = ("grassroots", "sector", "province")


@dataclass(frozen=True)
class Author:
    person_id: int
    staff_code: str
    share: Decimal


@dataclass(frozen=True)
class InitiativeRow:
    """A validated row of an initiatives file, handed to the registered writer."""

    row: int
    year: int
    code: str
    title: str
    level: str
    unit_id: int
    recognised_on: date | None
    decision_number: str
    authors: tuple


_writers = {}


def register_writer(kind, writer):
    """Let an app store the validated rows of `kind`: `writer(rows)` receives a list of rows (for
    initiatives, `InitiativeRow`s), runs inside the import's transaction and returns `Counts`; it
    may raise `ImportRejected` to refuse the file."""
    _writers[kind] = writer


def writer_for(kind):
    return _writers.get(kind)


class InitiativesImporter(Importer):
    kind = "initiatives"
    label = gettext_lazy("Initiatives")
    columns = (
        "year",
        "code",
        "title",
        "level",
        "unit_code",
        "recognised_on",
        "decision_number",
        "authors",
    )
    example = (
        "2023",
        "SK-2023-01",
        "Nâng cao chất lượng kiểm sát giải quyết án hình sự",
        "grassroots",
        "SL-KV1",
        "2023-11-20",
        "98/QĐ-VKS",
        "SL0101:100",
    )
    key_columns = ("code",)

    def prepare(self):
        self.units = dict(Unit.objects.values_list("code", "pk"))
        self.people = dict(Person.objects.values_list("staff_code", "pk"))

    def clean(self, row):
        code = row.text("code", 32, required=True)
        item = InitiativeRow(
            row=row.number,
            year=row.year("year"),
            code=code,
            title=row.text("title", 500, required=True),
            level=row.choice("level", InitiativeLevel),
            unit_id=row.code("unit_code", self.units, UNKNOWN_UNIT),
            recognised_on=row.date("recognised_on"),
            decision_number=row.text("decision_number", 64),
            authors=self.authors(row),
        )
        return code, item

    def authors(self, row):
        """`STAFF_CODE:SHARE` pairs joined by `;`, each person once, shares adding up to 100."""
        authors, total, errors = [], Decimal(0), len(row.errors)
        pairs = [pair.strip() for pair in row["authors"].split(";") if pair.strip()]
        if not pairs:
            row.error("authors", _("Name at least one author as STAFF_CODE:SHARE."))
        for pair in pairs:
            staff_code, _colon, share = (part.strip() for part in pair.partition(":"))
            share = share.replace(",", ".")
            if not staff_code or not SHARE.fullmatch(share) or not 0 < Decimal(share) <= 100:
                row.error(
                    "authors",
                    _("“%(pair)s” is not STAFF_CODE:SHARE with a share above 0 and up to 100.")
                    % {"pair": pair},
                )
            elif staff_code not in self.people:
                row.error("authors", str(UNKNOWN_STAFF) % {"code": staff_code})
            elif any(author.staff_code == staff_code for author in authors):
                row.error("authors", _("%(code)s is named twice.") % {"code": staff_code})
            else:
                authors.append(Author(self.people[staff_code], staff_code, Decimal(share)))
                total += Decimal(share)
        if authors and len(row.errors) == errors and total != 100:
            row.error(
                "authors", _("The shares add up to %(total)s, not 100.") % {"total": f"{total:g}"}
            )
        return tuple(authors)

    def write(self, rows):
        writer = writer_for(self.kind)
        if writer is None:
            raise not_installed()
        return writer([item for _number, _key, item in rows])

    def run(self, data):
        if writer_for(self.kind) is None:
            # Still validate, so the file can be corrected before the module arrives.
            self.prepare()
            self.validate(data)
            raise ImportRejected(not_installed().errors + self.sorted_errors())
        return super().run(data)


def not_installed():
    return file_error(
        _("Initiatives cannot be imported until the initiatives module is installed.")
    )


IMPORTERS = {
    importer.kind: importer
    for importer in (
        UnitsImporter,
        PeopleImporter,
        ConferralsImporter,
        RatingsImporter,
        DisciplineImporter,
        InitiativesImporter,
    )
}


def kind_choices():
    return [(kind, importer.label) for kind, importer in IMPORTERS.items()]


def kinds():
    """What the upload page lists: each kind with its label and columns, in import order."""
    return [
        {"kind": kind, "label": importer.label, "columns": importer.columns}
        for kind, importer in IMPORTERS.items()
    ]


def run_import(kind, data, file_name="", actor=None):
    """Import `data` (the bytes of a CSV or .xlsx file) as `kind`, all or nothing, and record an
    audit event for a successful import."""
    importer = IMPORTERS[kind]()
    try:
        with transaction.atomic():
            counts = importer.run(data)
            AuditEvent.objects.create(
                actor=actor,
                action="import",
                object_type=kind,
                details={
                    "kind": kind,
                    "file": file_name,
                    "created": counts.created,
                    "updated": counts.updated,
                    "unchanged": counts.unchanged,
                },
            )
    except ImportRejected as rejected:
        return ImportResult(kind, errors=rejected.errors)
    except IntegrityError as exc:
        message = _("The database refused the rows: %(error)s") % {"error": exc}
        return ImportResult(kind, errors=[RowError(None, "", message)])
    return ImportResult(kind, counts=counts)


def summary(result, file_name=""):
    counts = result.counts
    return _(
        "Imported %(file)s (%(kind)s): %(created)s created, %(updated)s updated, "
        "%(unchanged)s unchanged."
    ) % {
        "kind": IMPORTERS[result.kind].label,
        "file": file_name,
        "created": counts.created,
        "updated": counts.updated,
        "unchanged": counts.unchanged,
    }


def template_file(kind, file_format):
    """A template for `kind`: the header row and one example row, as CSV or .xlsx bytes."""
    importer = IMPORTERS[kind]
    if file_format == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerows([safe_row(importer.columns), safe_row(importer.example)])
        # The byte order mark makes Excel open the file as UTF-8.
        return out.getvalue().encode("utf-8-sig")
    import openpyxl
    from openpyxl.styles import Font

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = kind
    sheet.append(safe_row(importer.columns))
    sheet.append(safe_row(importer.example))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        sheet.column_dimensions[cell.column_letter].width = max(14, len(cell.value) + 4)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
