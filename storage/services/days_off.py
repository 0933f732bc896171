"""Kepegawaian's corrections to the calendar of days off, on Telegram and from a file.

The national calendar (``storage.working_days``) is right for the current year; later Islamic dates are
estimates and cuti bersama is set yearly, so HR adds a day off or marks a listed holiday as worked. Every
change is audited. The rules that count working days load the corrections through :func:`working_days`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from storage.models import DayOff
from storage.problems import N_, Problem
from storage.services.import_cells import RowReader, day, text, yes_no
from storage.services.imports import ImportReport, Progress, finish_import, no_progress
from storage.tabular import SpreadsheetSource, read_table
from storage.uow import UnitOfWork
from storage.working_days import WorkingDays, national_days_off

COLUMNS = ("tanggal", "libur", "keterangan")
MAX_NOTE = 200


@dataclass(frozen=True)
class CalendarDay:
    """A day off in a year's list, or a holiday HR marked as worked, with where it comes from."""

    day: date
    day_off: bool
    name: str | None
    by_kepegawaian: bool  # False: straight from the national calendar


async def working_days(uow: UnitOfWork) -> WorkingDays:
    """The national calendar with every correction Kepegawaian made."""
    return WorkingDays(await uow.days_off.corrections())


async def year_calendar(uow: UnitOfWork, year: int) -> list[CalendarDay]:
    """Every weekday off in ``year`` and every correction, in date order (weekends go without saying)."""
    corrections = {entry.day: entry for entry in await uow.days_off.between(date(year, 1, 1), date(year, 12, 31))}
    national = national_days_off(year)
    days = []
    for when in sorted(set(national) | set(corrections)):
        entry = corrections.get(when)
        if entry is not None:
            days.append(CalendarDay(when, entry.day_off, entry.note or national.get(when), True))
        elif when.weekday() < 5:
            days.append(CalendarDay(when, True, national[when], False))
    return days


async def set_day_off(uow: UnitOfWork, when: date, day_off: bool, note: str | None, *, actor: str) -> None:
    """Record that ``when`` is (``day_off``) or is not a day off, whatever the national calendar says."""
    _store(uow, await uow.days_off.get(when), when, day_off, _note(note), actor)
    uow.audit.record(actor, "calendar.day_off" if day_off else "calendar.working_day", None, day=when.isoformat(),
                     note=note)
    await uow.commit()


async def forget_correction(uow: UnitOfWork, when: date, *, actor: str) -> bool:
    """Back to the national calendar for ``when``; False when there was no correction."""
    entry = await uow.days_off.get(when)
    if entry is None:
        return False
    await uow.days_off.delete(entry)
    uow.audit.record(actor, "calendar.reset", None, day=when.isoformat())
    await uow.commit()
    return True


async def import_days_off(uow: UnitOfWork, source: SpreadsheetSource, *, actor: str, dry_run: bool = False,
                          skip_invalid: bool = False, progress: Progress = no_progress) -> ImportReport:
    """``tanggal,libur,keterangan``: ``libur`` ya (a day off) or tidak (a working day despite the calendar).
    Registered among the import kinds, so HR may also send the file on Telegram."""
    table = read_table(source, COLUMNS)
    report = ImportReport(rows=len(table.rows))
    records: dict[date, tuple[int, bool, str | None]] = {}
    for row in table.rows:
        reader = RowReader(row)
        when = reader.cell("tanggal", day)
        day_off = reader.cell("libur", _required_yes_no)
        note = reader.cell("keterangan", text(MAX_NOTE, required=False))
        if when in records and not reader.errors:
            reader.fail("tanggal", Problem(N_("{day} already appears in row {other}."), day=when,
                                           other=records[when][0]))
        report.errors.extend(reader.errors)
        if not reader.errors:
            records[when] = (row.number, day_off, note)
    if report.errors and not skip_invalid:
        return report
    stored = await uow.days_off.on(records)
    for done, (when, (_row, day_off, note)) in enumerate(sorted(records.items()), start=1):
        entry = stored.get(when)
        if entry is not None and (entry.day_off, entry.note) == (day_off, note):
            report.unchanged += 1
        else:
            report.updated += entry is not None
            report.created += entry is None
            _store(uow, entry, when, day_off, note, actor)
        progress(done, len(records))
    return await finish_import(uow, report, dry_run=dry_run, actor=actor, action="days_off.imported", source=source)


def _required_yes_no(raw: str) -> bool:
    answer = yes_no(raw)
    if answer is None:
        raise Problem(N_("Write ya (a day off) or tidak (a working day)."))
    return answer


def _note(note: str | None) -> str | None:
    note = " ".join((note or "").split()) or None
    if note is not None and len(note) > MAX_NOTE:
        raise Problem(N_("The text is longer than {limit} characters."), limit=MAX_NOTE)
    return note


def _store(uow: UnitOfWork, entry: DayOff | None, when: date, day_off: bool, note: str | None, actor: str) -> None:
    if entry is None:
        uow.days_off.add(DayOff(day=when, day_off=day_off, note=note, updated_by=actor, updated_at=uow.clock()))
        return
    entry.day_off, entry.note, entry.updated_by, entry.updated_at = day_off, note, actor, uow.clock()
