"""The weekly numbers for Kepegawaian and the chart drawn from them."""

import subprocess
import sys
from datetime import timedelta

from bot.summary_chart import jp_chart_png
from storage.models import EmployeeKind, Objection
from storage.services.hr_summary import UnitJp, hr_summary
from storage.services.jp_import import import_jp
from storage.tabular import SpreadsheetFile
from tests.appraisal_factories import ANDI, add_appraisal, add_office
from tests.factories import BUDI, PPPK, SITI, add_employee, link_user
from tests.storage.test_rotations import publish
from tests.workshop_factories import POLICY


async def test_summary_counts_what_waits_for_hr(uow, clock):
    await add_employee(uow, BUDI, "Budi", unit="Seksi Pemerintahan")
    await add_employee(uow, SITI, "Siti", unit="Seksi Pemerintahan")
    await add_employee(uow, PPPK, "Sri", kind=EmployeeKind.PPPK, grade="IX", unit="Seksi Kesra")
    await link_user(uow, SITI, 2002)
    async with uow:
        await import_jp(uow, SpreadsheetFile("jp.csv", f"nip,tanggal,jp,keterangan\n{SITI},2026-03-01,20,Diklat\n"
                                             .encode()), timezone=POLICY.timezone, actor="test")
    await publish(uow)  # Budi's rotation notice, not confirmed yet
    async with uow:
        summary = await hr_summary(uow, POLICY)
    assert (summary.jp_short, summary.open_objections, summary.oldest_objection_filed) == (1, 0, None)
    assert (summary.unacknowledged_rotations, summary.unlinked_employees) == (1, 2)
    assert summary.units == [UnitJp("Seksi Pemerintahan", employees=2, reached=1)]  # PPPK have no minimum


def test_chart_is_a_png_and_matplotlib_waits_until_one_is_drawn():
    png = jp_chart_png([UnitJp("Seksi Pemerintahan", 4, 1), UnitJp("Kelurahan Plaju Ulu", 3, 3)],
                       title="JP 2026", axis="% PNS")
    assert png.startswith(b"\x89PNG")
    check = "import sys, bot.summary_chart, bot.application; print('matplotlib' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", check], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"


async def test_open_objections_and_the_oldest(uow, clock):
    office = await add_office(uow)
    appraisal = await add_appraisal(uow)
    filed = [clock() - timedelta(days=days) for days in (9, 3, 20)]
    async with uow:
        for when, state in zip(filed, ("diajukan", "diproses", "ditolak"), strict=True):
            uow.session.add(Objection(appraisal_id=appraisal.id, employee_id=office[ANDI].id, reasons="Tidak sesuai",
                                      state=state, filed_at=when, updated_at=when))
        await uow.commit()
    async with uow:
        summary = await hr_summary(uow, POLICY)
    assert (summary.open_objections, summary.oldest_objection_filed) == (2, filed[0])
