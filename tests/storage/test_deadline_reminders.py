"""Reminders for trainings, the keberatan window and the JP target, through the planner."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from bot.i18n import I18n
from storage.models import EmployeeKind, JpCredit, OutboxMessage, WorkshopStatus
from storage.ratings import Rating
from storage.services import reminders
from storage.services.appraisal_reminders import ObjectionWindowReminders
from storage.services.appraisals import ObjectionPolicy
from storage.services.outbox import decode_params
from storage.services.reminder_timing import QuietRules
from storage.services.training_hours import TrainingPolicy
from storage.services.training_reminders import JpShortfallReminders, WorkshopReminders
from storage.services.workshops import enrol
from tests.appraisal_factories import ANDI, BUDI, add_appraisal, add_office
from tests.factories import add_linked_employees
from tests.workshop_factories import add_workshop

WIB = ZoneInfo("Asia/Jakarta")
RULES = QuietRules(WIB)
TRAINING = TrainingPolicy()


def at(clock, text):
    clock.now = datetime.fromisoformat(text).replace(tzinfo=WIB)


async def run(uow, source):
    async with uow:
        return await reminders.plan(uow, [source], RULES)


async def queued(uow):
    async with uow:
        return list(
            await uow.session.scalars(
                select(OutboxMessage).where(OutboxMessage.kind.like("reminder%")).order_by(OutboxMessage.id)
            )
        )


def text(message: OutboxMessage, now: datetime | None = None) -> str:
    """As the sender renders it at ``now`` (default: when it may go out)."""
    return I18n(WIB, "id").translator("id").html(message.template, now=now or message.not_before,
                                                  **decode_params(message.params))


async def test_objection_window_three_days_before_it_closes_only_below_baik_and_not_objected(uow, clock):
    office = await add_office(uow)
    poor = await add_appraisal(uow)  # Andi: Kurang/Misconduct, published 20 November
    await add_appraisal(uow, BUDI, results=Rating.MEETS, behaviour=Rating.MEETS)  # Baik: nothing to remind
    source = ObjectionWindowReminders(RULES, ObjectionPolicy(window_days=14))
    at(clock, "2026-11-30 23:00")
    assert (await run(uow, source)).queued == 0
    at(clock, "2026-12-01 07:00")  # the window closes on 4 December
    assert (await run(uow, source)).queued == 1
    (message,) = await queued(uow)
    assert message.employee_id == office[ANDI].id and "sampai 4 Desember 2026 (tinggal 3 hari)" in text(message)
    assert message.buttons[0][0]["callback_data"] == f"ap:v:{poor.id}"


async def test_workshop_start_reminders_go_to_registered_people_and_stop_when_cancelled(uow, clock):
    people = await add_linked_employees(uow, 2)
    workshop = await add_workshop(uow, capacity=1)  # Thursday 3 December 09.00
    async with uow:
        for person in people:
            await enrol(uow, await uow.employees.get(person.id), workshop.id, TRAINING)
    source = WorkshopReminders(RULES, TRAINING)
    at(clock, "2026-12-02 07:00")
    assert (await run(uow, source)).queued == 1  # the waitlisted one is not told to come
    (message,) = await queued(uow)
    assert message.employee_id == people[0].id
    assert "<b>Manajemen Waktu</b> (PLT-01) dimulai besok, Kamis, 3 Desember 2026 pukul 09.00 WIB" in text(message)
    assert "Aula Kantor Camat Plaju" in text(message)
    async with uow:
        (await uow.workshops.get(workshop.id)).status = WorkshopStatus.CANCELLED
        await uow.commit()
    at(clock, "2026-12-03 08:00")
    assert (await run(uow, source)).queued == 0


async def test_registration_closing_goes_to_those_it_suits_who_are_short_and_not_enrolled(uow, clock):
    people = await add_linked_employees(uow, 3)
    pppk = await add_linked_employees(uow, 1, first_user_id=20_000, first_nip=500)
    async with uow:
        (await uow.employees.get(pppk[0].id)).kind = EmployeeKind.PPPK
        uow.session.add(
            JpCredit(
                employee_id=people[2].id,
                day=date(2026, 3, 1),
                jp=20,
                description="Diklat",
                updated_at=clock(),
                created_at=clock(),
            )
        )
        await uow.commit()
    workshop = await add_workshop(uow, capacity=5)  # registration closes Wednesday 2 December 09.00
    async with uow:
        await enrol(uow, await uow.employees.get(people[0].id), workshop.id, TRAINING)
    at(clock, "2026-11-30 09:00")
    assert (await run(uow, WorkshopReminders(RULES, TRAINING))).queued == 1
    (message,) = await queued(uow)
    assert message.employee_id == people[1].id and "kurang 20 JP" in text(message)


async def test_jp_shortfall_on_the_first_working_day_of_the_quarters_last_months(uow, clock):
    people = await add_linked_employees(uow, 2)
    async with uow:
        uow.session.add(
            JpCredit(
                employee_id=people[1].id,
                day=date(2026, 3, 1),
                jp=24,
                description="Diklat",
                updated_at=clock(),
                created_at=clock(),
            )
        )
        await uow.commit()
    at(clock, "2026-09-20 09:00")
    await add_workshop(uow, "PLT-02", title="Literasi Digital", starts=datetime(2026, 10, 20, 9, tzinfo=WIB))
    at(clock, "2026-10-01 07:00")
    assert (await run(uow, JpShortfallReminders(RULES, TRAINING))).queued == 1
    (message,) = await queued(uow)
    rendered = text(message)
    assert message.employee_id == people[0].id and "0 dari 20 JP" in rendered
    assert "• Literasi Digital, Selasa, 20 Oktober 2026 pukul 09.00 WIB, 8 JP" in rendered
    at(clock, "2026-10-01 08:00")
    assert (await run(uow, JpShortfallReminders(RULES, TRAINING))).queued == 0


async def test_jp_shortfall_counts_registered_workshops_as_awaiting_attendance_not_as_missing(uow, clock):
    people = await add_linked_employees(uow, 2)
    at(clock, "2026-09-20 09:00")
    sixteen = await add_workshop(uow, "PLT-03", title="Kepemimpinan", jp=16,
                                 starts=datetime(2026, 10, 20, 9, tzinfo=WIB))
    twenty = await add_workshop(uow, "PLT-04", title="Pelayanan Publik", jp=20,
                                starts=datetime(2026, 10, 21, 9, tzinfo=WIB))
    async with uow:
        await enrol(uow, await uow.employees.get(people[0].id), sixteen.id, TRAINING)
        await enrol(uow, await uow.employees.get(people[1].id), twenty.id, TRAINING)  # covers the whole minimum
    at(clock, "2026-10-01 07:00")
    assert (await run(uow, JpShortfallReminders(RULES, TRAINING))).queued == 1
    (message,) = await queued(uow)
    rendered = text(message)
    assert message.employee_id == people[0].id
    assert "16 JP dari pelatihan tempat Anda terdaftar" in rendered and "kurang 4 JP" in rendered and "kurang 20 JP" not in rendered
