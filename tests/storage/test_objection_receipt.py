"""The keberatan window counts from receipt (PP 30/2019 Art. 59): the later of the publication date and the
moment the employee got the result (its notice delivered, or the result opened), which is stored."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from bot.i18n import I18n
from storage.periods import parse_period
from storage.services.appraisal_import import import_appraisals
from storage.services.appraisals import ObjectionPolicy, appraisal_card, objection_window
from storage.services.objections import file_objection
from storage.services.outbox import decode_params, due_deliveries, record_sent
from tests.appraisal_factories import ANDI, DEWI, RINA, add_appraisal, add_office, employee
from tests.storage.test_appraisal_import import write_csv

WIB = ZoneInfo("Asia/Jakarta")
POLICY = ObjectionPolicy(window_days=14)
REASONS = "Target kinerja triwulan III sudah tercapai 100%, bukti dukung terlampir lengkap."


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


async def deliver_everything(uow) -> list:
    """What the sender does once Telegram accepted each due message."""
    async with uow:
        deliveries = await due_deliveries(uow, 100)
    for number, delivery in enumerate(deliveries, start=1):
        async with uow:
            await record_sent(uow, delivery, number, None)
    return deliveries


async def test_a_backdated_result_gives_the_full_window_from_its_delivery(uow, clock, tmp_path):
    office = await add_office(uow)
    clock.now = wib("2026-12-01 09:00")  # dated 20 November by Kepegawaian, imported only now
    async with uow:
        await import_appraisals(uow, write_csv(tmp_path / "skp.csv", [
            f"{ANDI},2026-Q3,dibawah,sesuai,{DEWI},,2026-11-20"]), actor="cli:hr", policy=POLICY)
    clock.now = wib("2026-12-01 13:00")  # delivered after lunch
    (notice,) = await deliver_everything(uow)
    text = I18n(WIB, "id").translator("id").html(notice.template, now=clock(), **notice.params)
    assert "Triwulan III 2026" in text and "sampai 15 Desember 2026" in text
    async with uow:
        (appraisal,) = await uow.appraisals.current_of([office[ANDI].id])
    assert appraisal.received_at == wib("2026-12-01 13:00")
    assert objection_window(appraisal, POLICY, wib("2026-12-10 09:00")).deadline == date(2026, 12, 15)
    clock.now = wib("2026-12-10 09:00")  # by the publication date it closed on 4 December
    async with uow:
        objection = await file_objection(uow, await employee(uow, ANDI), appraisal.id, REASONS, POLICY, actor="t")
    assert objection.addressee_id == office[RINA].id


async def test_the_notice_names_the_deadline_of_the_day_it_arrives(uow, clock, tmp_path):
    await add_office(uow)
    clock.now = wib("2026-12-01 22:00")  # imported in quiet hours: read the next morning
    async with uow:
        await import_appraisals(uow, write_csv(tmp_path / "skp.csv", [
            f"{ANDI},2026-Q3,dibawah,sesuai,{DEWI},,2026-11-30"]), actor="cli:hr", policy=POLICY)
        (notice,) = await due_deliveries(uow, 10)
    _ = I18n(WIB, "id").translator("id")
    assert "sampai 16 Desember 2026" in _.html(notice.template, now=wib("2026-12-02 06:00"), **notice.params)
    assert decode_params({"p": {"$period": "2026-Q3"}})["p"] == parse_period("2026-Q3")


async def test_opening_the_result_before_the_notice_is_the_receipt_and_only_the_first_counts(uow, clock):
    office = await add_office(uow)
    appraisal = await add_appraisal(uow, published_on=date(2026, 11, 20), received=False)
    async with uow:
        assert objection_window(appraisal, POLICY, clock()).deadline == date(2026, 12, 11)  # counted from today
        await appraisal_card(uow, await employee(uow, DEWI), appraisal.id, POLICY, actor="t")  # the rater looks
        assert (await uow.appraisals.get(appraisal.id)).received_at is None
    clock.advance(days=2)
    async with uow:
        card = await appraisal_card(uow, await employee(uow, ANDI), appraisal.id, POLICY, actor="t")
    assert card.window.deadline == date(2026, 12, 13)
    clock.advance(days=3)
    async with uow:
        await appraisal_card(uow, await employee(uow, ANDI), appraisal.id, POLICY, actor="t")
        stored = await uow.appraisals.get(appraisal.id)
    assert stored.received_at == wib("2026-11-29 09:00") and office[ANDI].id == stored.employee_id


async def test_past_results_loaded_for_the_record_neither_notify_nor_reopen(uow, clock, tmp_path):
    office = await add_office(uow)
    async with uow:
        report = await import_appraisals(uow, write_csv(tmp_path / "skp.csv", [
            f"{ANDI},2026-Q1,dibawah,sesuai,{DEWI},,2026-04-10"]), actor="cli:hr", policy=POLICY)
        assert report.created == 1 and await due_deliveries(uow, 10) == []
        (appraisal,) = await uow.appraisals.current_of([office[ANDI].id])
    assert not objection_window(appraisal, POLICY, clock()).is_open
