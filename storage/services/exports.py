"""Every spreadsheet that leaves the bot, on Telegram or from the command line, goes out through here.

Reports carry personal data (names, NIPs, appraisal results, objection reasons), so the audit log records
who took which report, in which format and with how many rows, as it does for every other HR action.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from storage.spreadsheet import Sheet, workbook_xlsx
from storage.uow import UnitOfWork


async def export(uow: UnitOfWork, sheet: Sheet | Sequence[Sheet], *, actor: str, report: str,
                 csv: bool = False) -> bytes:
    """The file's bytes (XLSX, or CSV with ``csv``), after its audit entry is committed. Several sheets make
    one XLSX file with a sheet each (CSV holds one)."""
    sheets = [replace(one, rows=list(one.rows)) for one in ([sheet] if isinstance(sheet, Sheet) else sheet)]
    if csv and len(sheets) != 1:
        raise ValueError("a CSV file holds one sheet")
    content = sheets[0].csv() if csv else workbook_xlsx(sheets)
    uow.audit.record(actor, "report.exported", report, rows=sum(len(one.rows) for one in sheets),
                     format="csv" if csv else "xlsx")
    await uow.commit()
    return content
