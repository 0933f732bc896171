"""The enrolment sheet of a workshop: who is in, who waits, and a ``hadir`` column to fill in.

Its column names are the attendance import's, so HR fills ``hadir`` with ya/tidak and imports the very
same file back (sent to the bot, or ``asnbot import attendance``).
"""

from __future__ import annotations

from dataclasses import dataclass

from storage.models import EnrolmentState, Workshop
from storage.problems import N_, Problem
from storage.services.accounts import Viewer
from storage.services.workshop_admin import require_hr
from storage.services.workshops import workshop_or_problem
from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork

ROSTER_COLUMNS = ("kode", "nip", "nama", "unit_kerja", "status", "posisi_tunggu", "hadir")
STATE_WORDS = {EnrolmentState.REGISTERED: "terdaftar", EnrolmentState.WAITLISTED: "daftar tunggu",
               EnrolmentState.ATTENDED: "hadir", EnrolmentState.ABSENT: "tidak hadir"}
ATTENDANCE_WORDS = {EnrolmentState.ATTENDED: "ya", EnrolmentState.ABSENT: "tidak"}


@dataclass(frozen=True)
class Roster:
    workshop: Workshop
    rows: list[list[object]]

    @property
    def filename(self) -> str:
        return f"peserta-{self.workshop.code.replace('/', '-')}.xlsx"

    @property
    def sheet(self) -> Sheet:
        return Sheet(ROSTER_COLUMNS, self.rows, self.workshop.code)


async def roster_by_code(uow: UnitOfWork, code: str) -> Roster:
    workshop = (await uow.workshops.by_codes([code.strip().upper()])).get(code.strip().upper())
    if workshop is None:
        raise Problem(N_("There is no workshop with code {code}."), code=code)
    return await _roster(uow, workshop)


async def hr_roster(uow: UnitOfWork, viewer: Viewer, workshop_id: int) -> Roster:
    require_hr(viewer)
    return await _roster(uow, await workshop_or_problem(uow, workshop_id))


async def _roster(uow: UnitOfWork, workshop: Workshop) -> Roster:
    rows = [[workshop.code, enrolment.employee.nip, enrolment.employee.name, enrolment.employee.unit or "",
             STATE_WORDS[enrolment.state], enrolment.waitlist_position, ATTENDANCE_WORDS.get(enrolment.state, "")]
            for enrolment in await uow.enrolments.roster(workshop.id)]
    return Roster(workshop, rows)
