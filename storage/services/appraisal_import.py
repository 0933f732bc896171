"""Importing appraisal results from HR's spreadsheet; re-importing updates by NIP and period.

Same conventions as the employee import: every row is checked first and a file with a bad row writes
nothing unless ``skip_invalid``. The predikat is never read from the file, only derived from the two
ratings. Employees hear of a new or changed result while they can still object to it; the objection window
counts from when they receive it (the notice delivered, or the result opened), not from the date HR typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from storage import routes
from storage.local_time import parse_date
from storage.models import Appraisal, Employee
from storage.nip import normalize_nip
from storage.periods import Period, parse_period
from storage.problems import N_, Problem
from storage.ratings import Rating, parse_rating
from storage.rendered import DaysAfterReceipt, Nip
from storage.services.appraisals import ObjectionPolicy, objection_window
from storage.services.import_cells import RowReader
from storage.services.imports import ImportReport, Progress, RowError, finish_import, no_progress
from storage.services.outbox import OutboxButton, enqueue
from storage.tabular import Row, SpreadsheetSource, read_table
from storage.uow import UnitOfWork

COLUMNS = ("nip", "periode", "hasil_kerja", "perilaku_kerja", "penilai_nip", "umpan_balik", "tanggal_terbit")
MAX_FEEDBACK = 4000
# What a re-import compares and the audit log records; feedback is compared but only named there.
_AUDITED = ("work_results", "work_behaviour", "rater_nip", "published_on")


@dataclass
class AppraisalRecord:
    row: int
    nip: str
    period: Period
    work_results: Rating
    work_behaviour: Rating
    rater_nip: str | None
    feedback: str | None
    published_on: date


async def import_appraisals(uow: UnitOfWork, source: SpreadsheetSource, *, actor: str, policy: ObjectionPolicy,
                            dry_run: bool = False, skip_invalid: bool = False,
                            progress: Progress = no_progress) -> ImportReport:
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    today = uow.clock().astimezone(policy.tz).date()
    records = _parse_rows(table.rows, today, report.errors)
    people = await uow.employees.by_nips({record.nip for record in records}
                                         | {record.rater_nip for record in records if record.rater_nip})
    records = _check_people(records, people, report.errors)
    current = {(appraisal.employee_id, appraisal.period): appraisal
               for appraisal in await uow.appraisals.current_of(people[record.nip].id for record in records)}
    records = _check_corrected(records, people, current, report.errors)
    if report.errors and not skip_invalid:
        return report
    await _write(uow, records, people, current, report, policy, progress, actor)
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="appraisals.imported",
                               source=source)


def _parse_rows(rows: list[Row], today: date, errors: list[RowError]) -> list[AppraisalRecord]:
    records: dict[tuple[str, str], AppraisalRecord] = {}
    for row in rows:
        reader = RowReader(row)
        record = _parse_row(reader, today)
        key = (record.nip, record.period.code) if record else None
        if key in records:
            reader.fail("periode", Problem(N_("NIP {nip} already has period {period} in row {other}."),
                                           nip=Nip(record.nip), period=record.period.code, other=records[key].row))
        errors.extend(reader.errors)
        if record is not None and not reader.errors:
            records[key] = record
    return list(records.values())


def _parse_row(reader: RowReader, today: date) -> AppraisalRecord | None:
    check = reader.cell
    nip = check("nip", lambda raw: normalize_nip(raw, today=today))
    period = check("periode", parse_period)
    work_results = check("hasil_kerja", parse_rating)
    work_behaviour = check("perilaku_kerja", parse_rating)
    rater_nip = check("penilai_nip", lambda raw: normalize_nip(raw) if raw.strip() else None)
    feedback = check("umpan_balik", _feedback)
    published_on = check("tanggal_terbit", lambda raw: _publication_date(raw, today, period))
    if nip and rater_nip == nip:
        reader.fail("penilai_nip", Problem(N_("An employee cannot rate themselves.")))
    if reader.errors:
        return None
    return AppraisalRecord(reader.row.number, nip, period, work_results, work_behaviour, rater_nip, feedback,
                           published_on)


def _feedback(raw: str) -> str | None:
    """Line breaks are kept (raters write paragraphs); only the edges are trimmed."""
    text = raw.replace("\r\n", "\n").strip()
    if len(text) > MAX_FEEDBACK:
        raise Problem(N_("The text is longer than {limit} characters."), limit=MAX_FEEDBACK)
    return text or None


def _publication_date(raw: str, today: date, period: Period | None) -> date:
    """A date as ``storage.local_time`` reads it: ``2026-10-05`` (also with a time, as spreadsheets export
    dates), ``05/10/2026`` or ``5 Oktober 2026``."""
    published = parse_date(raw, any_time=True)
    if published > today:
        raise Problem(N_("The publication date {date} is in the future."), date=published)
    if period is not None and published < period.start:
        raise Problem(N_("The publication date {date} is before the period starts."), date=published)
    return published


def _check_people(records: list[AppraisalRecord], people: dict[str, Employee],
                  errors: list[RowError]) -> list[AppraisalRecord]:
    valid = []
    for record in records:
        missing = [(column, nip) for column, nip in (("nip", record.nip), ("penilai_nip", record.rater_nip))
                   if nip and nip not in people]
        errors.extend(RowError(record.row, column, Problem(N_("No employee with NIP {nips}."), nips=nip))
                      for column, nip in missing)
        if not missing:
            valid.append(record)
    return valid


def _check_corrected(records: list[AppraisalRecord], people: dict[str, Employee],
                     current: dict[tuple[int, str], Appraisal], errors: list[RowError]) -> list[AppraisalRecord]:
    """A result corrected after an objection is not overwritten by an older spreadsheet."""
    valid = []
    for record in records:
        appraisal = current.get((people[record.nip].id, record.period.code))
        if appraisal is not None and appraisal.version > 1 and _changes(appraisal, record):
            errors.append(RowError(record.row, "periode", Problem(N_(
                "This result was corrected after an objection, so the import does not change it; remove the row "
                "or make it match the corrected result."))))
        else:
            valid.append(record)
    return valid


async def _write(uow: UnitOfWork, records: list[AppraisalRecord], people: dict[str, Employee],
                 current: dict[tuple[int, str], Appraisal], report: ImportReport, policy: ObjectionPolicy,
                 progress: Progress, actor: str) -> None:
    now = uow.clock()
    for done, record in enumerate(records, start=1):
        employee = people[record.nip]
        appraisal = current.get((employee.id, record.period.code))
        if appraisal is None:
            appraisal = Appraisal(employee_id=employee.id, version=1, created_at=now, updated_at=now)
            _fill(appraisal, record, people)
            if _historical(record.published_on, now, policy):
                appraisal.received_at = datetime.combine(record.published_on, time(0), policy.tz)
            uow.appraisals.add(appraisal)
            await uow.session.flush()
            report.created += 1
            await _tell_employee(uow, appraisal, policy, N_(
                "📊 Your appraisal result for period {period} has been published. If you disagree, you may file an "
                "objection (keberatan) until {deadline}."), "published", "published")
        elif changes := _changes(appraisal, record):
            before = {name: str(getattr(appraisal, name)) for name in _AUDITED}
            _fill(appraisal, record, people)
            appraisal.updated_at = now
            report.updated += 1
            uow.audit.record(actor, "appraisal.updated", employee.nip, appraisal_id=appraisal.id,
                             period=appraisal.period, changed=changes, before=before,
                             after={name: str(getattr(appraisal, name)) for name in _AUDITED})
            await _tell_employee(uow, appraisal, policy, N_(
                "📊 HR updated your appraisal result for period {period}. You may file an objection (keberatan) "
                "until {deadline}."), "updated", f"updated:{now.isoformat()}")
        else:
            report.unchanged += 1
        progress(done, len(records))


def _historical(published_on: date, now: datetime, policy: ObjectionPolicy) -> bool:
    """Published so long ago that its window had closed even counted from that date: past results loaded for
    the record count as received when published, so they neither notify anyone nor reopen."""
    return published_on + timedelta(days=policy.window_days) < now.astimezone(policy.tz).date()


def _changes(appraisal: Appraisal, record: AppraisalRecord) -> list[str]:
    wanted = {"work_results": record.work_results.value, "work_behaviour": record.work_behaviour.value,
              "rater_nip": record.rater_nip, "feedback": record.feedback, "published_on": record.published_on}
    return [name for name, value in wanted.items() if getattr(appraisal, name) != value]


def _fill(appraisal: Appraisal, record: AppraisalRecord, people: dict[str, Employee]) -> None:
    period = record.period
    appraisal.period, appraisal.period_kind = period.code, period.kind.value
    appraisal.period_start, appraisal.period_end = period.start, period.end
    appraisal.rate(record.work_results, record.work_behaviour)
    if appraisal.rater_nip != record.rater_nip:  # otherwise keep the rater's name and post as they were
        appraisal.rate_by(people[record.rater_nip] if record.rater_nip else None)
    appraisal.feedback = record.feedback
    appraisal.published_on = record.published_on


async def _tell_employee(uow: UnitOfWork, appraisal: Appraisal, policy: ObjectionPolicy, template: str,
                         kind: str, event: str) -> None:
    """Only while an objection is still possible: loading last year's results must not flood anyone."""
    window = objection_window(appraisal, policy, uow.clock())
    if not window.is_open:
        return
    # Delivering the notice is the receipt the window counts from (unless the result was opened before).
    deadline = window.deadline if appraisal.received_at else DaysAfterReceipt(appraisal.published_on,
                                                                              policy.window_days)
    await enqueue(uow, employee_id=appraisal.employee_id, kind=f"appraisal.{kind}",
                  dedupe_key=f"appraisal:{appraisal.id}:{event}", reference=f"appraisal:{appraisal.id}",
                  template=template, params={"period": parse_period(appraisal.period), "deadline": deadline},
                  buttons=[[OutboxButton(N_("📊 View result"), callback_data=routes.APPRAISAL.data(appraisal.id))]])
