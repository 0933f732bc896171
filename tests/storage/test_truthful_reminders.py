"""Reminders are true when they arrive: stale stages are dropped, queued ones expire, and the words ("besok",
"hari ini pukul 10.26", "tinggal 2 hari") are chosen when the message is rendered, not when it is planned."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.i18n import I18n
from storage.models import OutboxMessage, OutboxState
from storage.ratings import Rating
from storage.rendered import DaysLeft, When
from storage.services import reminders
from storage.services.appraisal_reminders import ObjectionWindowReminders
from storage.services.appraisals import ObjectionPolicy
from storage.services.outbox import decode_params, due_deliveries
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import TrainingPolicy
from storage.services.training_reminders import WorkshopReminders
from storage.services.workshop_import import COLUMNS, import_workshops
from storage.services.workshops import enrol
from tests.appraisal_factories import ANDI, add_appraisal, add_office
from tests.factories import add_linked_employees
from tests.storage.test_employee_import import write_csv
from tests.workshop_factories import add_workshop

WIB = ZoneInfo("Asia/Jakarta")
RULES = QuietRules(WIB)
TRAINING = TrainingPolicy()
ID = I18n(WIB, "id").translator("id")
EN = I18n(WIB, "id").translator("en")


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


async def plan(uow, clock, when: str, source) -> reminders.PlanResult:
    clock.now = wib(when)
    async with uow:
        return await reminders.plan(uow, [source], RULES)


async def reminder_messages(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("reminder%"))
                                              .order_by(OutboxMessage.id)))


def rendered(message: OutboxMessage, now: datetime) -> str:
    return ID.html(message.template, now=now, **decode_params(message.params))


async def enrolled_workshop(uow, starts: datetime):
    (person,) = await add_linked_employees(uow, 1)
    workshop = await add_workshop(uow, "SOON-1", title="Penyusunan SKP Triwulan", starts=starts)
    async with uow:
        await enrol(uow, await uow.employees.get(person.id), workshop.id, TRAINING)
    return person, workshop


async def move(uow, workshop_id: int, starts: datetime) -> None:
    async with uow:
        workshop = await uow.workshops.get(workshop_id)
        workshop.starts_at, workshop.ends_at = starts, starts.replace(hour=15)
        workshop.registration_deadline = min(workshop.registration_deadline, starts)
        await uow.commit()


async def test_a_workshop_moved_to_start_within_the_hour_gets_no_stale_tomorrow_reminder(uow, clock):
    _person, workshop = await enrolled_workshop(uow, wib("2026-12-03 09:00"))
    await move(uow, workshop.id, wib("2026-12-01 10:26"))  # on Tuesday morning, to start in about an hour
    source = WorkshopReminders(RULES, TRAINING)
    assert (await plan(uow, clock, "2026-12-01 09:20", source)).queued == 0  # "the day before" has passed
    assert (await plan(uow, clock, "2026-12-01 09:26", source)).queued == 1
    (message,) = await reminder_messages(uow)
    text = rendered(message, wib("2026-12-01 09:26"))
    assert "Besok" not in text and "besok" not in text
    assert "<b>Penyusunan SKP Triwulan</b> (SOON-1) dimulai hari ini pukul 10.26 WIB" in text
    assert message.expires_at == wib("2026-12-01 10:26")


async def test_a_reminder_queued_for_the_old_time_is_withdrawn_when_the_workshop_moves(uow, clock, tmp_path):
    _person, workshop = await enrolled_workshop(uow, wib("2026-12-03 09:00"))
    source = WorkshopReminders(RULES, TRAINING)
    assert (await plan(uow, clock, "2026-12-02 07:00", source)).queued == 1  # "besok, Kamis ... 09.00"
    row = ("SOON-1,Penyusunan SKP Triwulan,Mengatur prioritas kerja harian.,teknis,luring,Aula Kantor Camat Plaju,"
           "BPSDM Provinsi Sumatera Selatan,2026-12-04 09:00,2026-12-04 16:00,2026-12-01,10,8")
    clock.now = wib("2026-12-02 07:30")
    async with uow:
        report = await import_workshops(uow, write_csv(tmp_path / "w.csv", [row], header=",".join(COLUMNS)),
                                        actor="test", policy=TRAINING)
    assert report.updated == 1
    (old,) = await reminder_messages(uow)
    assert old.state == OutboxState.CANCELLED  # it spoke of Thursday 09.00
    assert (await plan(uow, clock, "2026-12-03 07:00", source)).queued == 1  # the day before the new date
    new = (await reminder_messages(uow))[-1]
    assert "dimulai besok, Jumat, 4 Desember 2026 pukul 09.00 WIB" in rendered(new, wib("2026-12-03 07:00"))


async def test_a_queued_reminder_not_sent_by_the_time_it_would_be_false_expires_unsent(uow, clock):
    await enrolled_workshop(uow, wib("2026-12-03 09:00"))
    assert (await plan(uow, clock, "2026-12-03 08:00", WorkshopReminders(RULES, TRAINING))).queued == 1
    clock.now = wib("2026-12-03 09:05")  # the sender was down past the start
    async with uow:
        (delivery,) = await due_deliveries(uow, 10)
    assert delivery.expired(clock()) and not delivery.expired(wib("2026-12-03 08:59"))


async def test_words_are_chosen_when_read():
    moment = wib("2026-12-01 10:26")
    assert ID.when(moment, wib("2026-12-01 09:00")) == "hari ini pukul 10.26 WIB"
    assert ID.when(moment, wib("2026-11-30 20:00")) == "besok, Selasa, 1 Desember 2026 pukul 10.26 WIB"
    assert ID.when(moment, wib("2026-11-29 20:00")) == "Selasa, 1 Desember 2026 pukul 10.26 WIB"
    assert ID.when(date(2026, 12, 2), wib("2026-12-01 07:00")) == "besok, 2 Desember 2026"
    assert EN.when(moment, wib("2026-12-01 09:00")) == "today at 10:26 WIB"
    assert [ID.days_left(date(2026, 12, 4), wib(f"2026-12-0{day} 07:00")) for day in (1, 2, 3, 4)] == [
        "tinggal 3 hari", "tinggal 2 hari", "tinggal 1 hari", "hari ini hari terakhir"]
    assert [EN.days_left(date(2026, 12, 4), wib(f"2026-12-0{day} 07:00")) for day in (2, 3)] == [
        "2 days left", "1 day left"]
    params = decode_params({"when": {"$when": {"$datetime": moment.isoformat()}}, "left": {"$days_left": "2026-12-04"}})
    assert params == {"when": When(moment), "left": DaysLeft(date(2026, 12, 4))}


async def test_the_objection_reminder_counts_the_days_left_on_the_day_it_arrives(uow, clock):
    await add_office(uow)
    # Received on Wednesday 25 November: the window closes on Wednesday 9 December; three days before is a
    # Sunday, so the reminder waits for Monday, when only two days are left.
    await add_appraisal(uow, ANDI, results=Rating.BELOW, behaviour=Rating.BELOW, published_on=date(2026, 11, 25))
    source = ObjectionWindowReminders(RULES, ObjectionPolicy(window_days=14))
    assert (await plan(uow, clock, "2026-12-06 07:00", source)).queued == 0
    assert (await plan(uow, clock, "2026-12-07 06:00", source)).queued == 1
    (message,) = await reminder_messages(uow)
    text = rendered(message, message.not_before)
    assert "sampai 9 Desember 2026 (tinggal 2 hari)" in text and "periode Triwulan III 2026" in text
