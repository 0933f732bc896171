"""Every spreadsheet that leaves the bot, on Telegram or from the command line, goes out through here.

Reports carry personal data (names, NIPs, appraisal results, objection reasons), so the audit log records
who took which report, in which format and with how many rows, as it does for every other HR action.
"""

from __future__ import annotations

from dataclasses import replace

from storage.spreadsheet import Sheet
from storage.uow import UnitOfWork


async def export(uow: UnitOfWork, sheet: Sheet, *, actor: str, report: str, csv: bool = False) -> bytes:
    """The file's bytes (XLSX, or CSV with ``csv``), after its audit entry is committed."""
    rows = list(sheet.rows)
    complete = replace(sheet, rows=rows)
    content = complete.csv() if csv else complete.xlsx()
    uow.audit.record(actor, "report.exported", report, rows=len(rows), format="csv" if csv else "xlsx")
    await uow.commit()
    return content
