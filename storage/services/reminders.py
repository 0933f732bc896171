"""The reminder planner: derives due reminders from the data each run and queues them in the outbox.

Sources describe *stages* of events (e.g. "the day before rotation 12 takes effect") from indexed date
ranges; a stage is planned once its delivery time (after quiet hours and weekends) has come, so a moved
or cancelled event moves or drops its reminders by itself. Every (person, event, stage) is logged once,
and a stage whose recipients are all planned is marked complete, so later runs skip it without looking
at people: the cost of a run follows what is due, not the size of the data.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from sqlalchemy import func, insert, select, tuple_

from storage.models import Employee, OutboxMessage, ReminderLog, ReminderMute, ReminderStage
from storage.problems import N_
from storage.services.outbox import OutboxButton, enqueue, enqueue_many, message_values, messages_param
from storage.services.reminder_timing import QuietRules, delivery_time
from storage.uow import UnitOfWork

LOOKBACK = timedelta(days=4)  # covers a long weekend plus a night, and a planner that was down for a while
DIGEST = N_("🔔 More reminders for today:\n{items}")


@dataclass(frozen=True)
class Category:
    key: str
    label: str  # msgid shown in /pengaturan
    own_deadline: bool  # about something the person committed to: muting asks them to think twice
    hr_only: bool = False  # only Kepegawaian receives it, so only they see it among the settings


CATEGORIES = (
    Category("workshop", N_("Trainings you could join"), own_deadline=False),
    Category("workshop_start", N_("Trainings you enrolled in"), own_deadline=True),
    Category("appraisal", N_("Objection deadlines for your appraisal"), own_deadline=True),
    Category("rotation", N_("Your rotation notices"), own_deadline=True),
    Category("jp", N_("Yearly JP target"), own_deadline=False),
    Category("skp", N_("Annual SKP deadline"), own_deadline=False),
    Category("career", N_("Your career: KP, KGB, pension, contract"), own_deadline=True),
    Category("career_hr", N_("Career planning lists for Kepegawaian"), own_deadline=False, hr_only=True),
)
CATEGORY_KEYS = {category.key for category in CATEGORIES}


def categories_for(is_hr: bool) -> list[Category]:
    """The categories someone can receive, so the settings offer no switch that does nothing for them."""
    return [category for category in CATEGORIES if is_hr or not category.hr_only]


@dataclass(frozen=True)
class Stage:
    """One reminder moment of one event, with its message."""

    category: str
    event_key: str
    stage: str
    stage_at: datetime
    event_at: datetime | None
    template: str
    params: dict[str, Any]
    buttons: list[list[OutboxButton]] | None = None
    employee_ids: tuple[int, ...] | None = None  # None: ask the source (an audience, e.g. everyone)


class Source(Protocol):
    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]: ...

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict[str, Any]]:
        """Who gets a stage without its own ``employee_ids``, each with any parameters of their own."""


@dataclass
class PlanResult:
    queued: int = 0
    digested: int = 0
    stages: list[str] = field(default_factory=list)


async def plan(uow: UnitOfWork, sources: Sequence[Source], rules: QuietRules) -> PlanResult:
    """Queue every reminder whose delivery time has come; commit once."""
    now = uow.clock()
    result = PlanResult()
    candidates = [(source, stage) for source in sources for stage in await source.stages(uow, now - LOOKBACK, now)]
    completed = await _completed(uow, [(stage.event_key, stage.stage) for _source, stage in candidates])
    digests: dict[int, list[tuple[str, dict[str, Any]]]] = defaultdict(list)
    for source, stage in candidates:
        if (stage.event_key, stage.stage) in completed:
            continue
        deliver_at = delivery_time(stage.stage_at, stage.event_at, rules)
        if deliver_at is not None and deliver_at > now:
            continue  # its time has not come yet; a later run plans it with whatever the data says then
        if deliver_at is not None:
            await _plan_stage(uow, source, stage, deliver_at, rules, result, digests)
        uow.session.add(ReminderStage(event_key=stage.event_key, stage=stage.stage, completed_at=now))
    for employee_id, items in digests.items():
        await enqueue(uow, employee_id=employee_id, kind="reminder.digest", template=DIGEST,
                      dedupe_key=f"reminder-digest:{employee_id}:{now.isoformat()}",
                      params={"items": messages_param(items)})
    await uow.commit()
    return result


async def _plan_stage(uow: UnitOfWork, source: Source, stage: Stage, deliver_at: datetime, rules: QuietRules,
                      result: PlanResult, digests: dict[int, list[tuple[str, dict[str, Any]]]]) -> None:
    personal = await _recipients(source, uow, stage)
    recipients = await _unmuted_and_new(uow, stage, list(personal))
    already_today = await _planned_on(uow, recipients, rules.local_day(deliver_at), rules)
    logs, messages = [], []
    for employee_id in recipients:
        params = stage.params | personal[employee_id]
        over_cap = already_today.get(employee_id, 0) >= rules.daily_cap
        logs.append(dict(employee_id=employee_id, category=stage.category, event_key=stage.event_key,
                         stage=stage.stage, stage_at=stage.stage_at, deliver_at=deliver_at, digest=over_cap,
                         created_at=uow.clock()))
        already_today[employee_id] = already_today.get(employee_id, 0) + 1
        if over_cap:
            digests[employee_id].append((stage.template, params))
            continue
        messages.append(message_values(
            uow, employee_id=employee_id, kind=f"reminder.{stage.category}", template=stage.template, params=params,
            buttons=stage.buttons, reference=f"reminder:{stage.event_key}", not_before=deliver_at,
            dedupe_key=f"reminder:{stage.event_key}:{stage.stage}:{employee_id}"))
    for start in range(0, len(logs), 1000):  # one statement per thousand, not one per person
        await uow.session.execute(insert(ReminderLog), logs[start:start + 1000])
    await enqueue_many(uow, messages)
    result.queued += len(messages)
    result.digested += len(logs) - len(messages)
    result.stages.append(f"{stage.event_key}/{stage.stage}")


async def _recipients(source: Source, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict[str, Any]]:
    if stage.employee_ids is not None:
        return {employee_id: {} for employee_id in stage.employee_ids}
    return await source.recipients(uow, stage)


async def _completed(uow: UnitOfWork, keys: list[tuple[str, str]]) -> set[tuple[str, str]]:
    found: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 400):
        chunk = keys[start:start + 400]
        rows = await uow.session.execute(select(ReminderStage.event_key, ReminderStage.stage).where(
            tuple_(ReminderStage.event_key, ReminderStage.stage).in_(chunk)))
        found.update(tuple(row) for row in rows)
    return found


async def _unmuted_and_new(uow: UnitOfWork, stage: Stage, recipients: Sequence[int]) -> list[int]:
    """Leave out who muted the category, and who already got this stage (a safety net under the markers)."""
    muted = set(await uow.session.scalars(select(ReminderMute.employee_id).where(
        ReminderMute.category == stage.category)))
    planned = set(await uow.session.scalars(select(ReminderLog.employee_id).where(
        ReminderLog.event_key == stage.event_key, ReminderLog.stage == stage.stage)))
    return [employee_id for employee_id in recipients if employee_id not in muted and employee_id not in planned]


async def _planned_on(uow: UnitOfWork, employee_ids: list[int], day: date, rules: QuietRules) -> dict[int, int]:
    """How many reminders each person already has for ``day``, for the daily cap."""
    counts: dict[int, int] = {}
    start, end = rules.at(day, rules.quiet_end), rules.at(day + timedelta(days=1), rules.quiet_end)
    for offset in range(0, len(employee_ids), 500):
        chunk = employee_ids[offset:offset + 500]
        rows = await uow.session.execute(
            select(ReminderLog.employee_id, func.count()).where(
                ReminderLog.employee_id.in_(chunk), ReminderLog.deliver_at >= start, ReminderLog.deliver_at < end)
            .group_by(ReminderLog.employee_id))
        counts.update(dict(rows.all()))
    return counts


async def muted_categories(uow: UnitOfWork, employee_id: int) -> set[str]:
    return set(await uow.session.scalars(select(ReminderMute.category).where(ReminderMute.employee_id == employee_id)))


async def set_muted(uow: UnitOfWork, employee_id: int, category: str, muted: bool) -> None:
    if category not in CATEGORY_KEYS:
        raise ValueError(category)
    existing = await uow.session.get(ReminderMute, (employee_id, category))
    if muted and existing is None:
        uow.session.add(ReminderMute(employee_id=employee_id, category=category, muted_at=uow.clock()))
    elif not muted and existing is not None:
        await uow.session.delete(existing)
    await uow.commit()



@dataclass(frozen=True)
class LoggedReminder:
    deliver_at: datetime
    category: str
    nip: str
    name: str
    event_key: str
    stage: str
    state: str  # the outbox state, or "digest" when merged into a digest
    sent_at: datetime | None


async def sent_log(uow: UnitOfWork, since: datetime) -> list[LoggedReminder]:
    """What was planned since ``since``, to whom, and what became of it, for HR."""
    rows = await uow.session.execute(
        select(ReminderLog, Employee.nip, Employee.name).join(Employee, Employee.id == ReminderLog.employee_id)
        .where(ReminderLog.deliver_at >= since).order_by(ReminderLog.deliver_at, ReminderLog.id))
    rows = rows.all()
    keys = [f"reminder:{log.event_key}:{log.stage}:{log.employee_id}" for log, _nip, _name in rows]
    outcomes: dict[str, tuple[str, datetime | None]] = {}
    for start in range(0, len(keys), 500):
        found = await uow.session.execute(select(OutboxMessage.dedupe_key, OutboxMessage.state, OutboxMessage.sent_at)
                                          .where(OutboxMessage.dedupe_key.in_(keys[start:start + 500])))
        outcomes.update((key, (state, sent_at)) for key, state, sent_at in found)
    return [LoggedReminder(log.deliver_at, log.category, nip, name, log.event_key, log.stage,
                           *(("digest", None) if log.digest else outcomes.get(key, ("—", None))))
            for (log, nip, name), key in zip(rows, keys, strict=True)]


@dataclass(frozen=True)
class Upcoming:
    deliver_at: datetime
    category: str
    event_key: str
    stage: str
    recipients: int


async def upcoming(uow: UnitOfWork, sources: Sequence[Source], rules: QuietRules, days: int = 7) -> list[Upcoming]:
    """What the planner will queue in the next ``days`` if the data stays as it is."""
    now = uow.clock()
    found = []
    for source in sources:
        for stage in await source.stages(uow, now, now + timedelta(days=days)):
            deliver_at = delivery_time(stage.stage_at, stage.event_at, rules)
            if deliver_at is None:
                continue
            count = len(await _unmuted_and_new(uow, stage, list(await _recipients(source, uow, stage))))
            if count:
                found.append(Upcoming(deliver_at, stage.category, stage.event_key, stage.stage, count))
    return sorted(found, key=lambda item: item.deliver_at)
