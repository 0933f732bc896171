"""The reminder planner: derives due reminders from the data each run and queues them in the outbox.

Sources describe *stages* of events (e.g. "the day before rotation 12 takes effect") from indexed date
ranges; a stage is planned once its delivery time (after quiet hours and days off) has come, so a moved
or cancelled event moves or drops its reminders by itself. A reminder must be true when it arrives: a
stage past its expiry (after a downtime, or an event moved earlier) is dropped, as is one a later stage of
the same event covers; the message expires with it if still unsent, and relative words ("besok", "tinggal 2
hari") are chosen when it is rendered. Every (person, event, stage) is logged once,
and a stage whose recipients are all planned is marked complete, so later runs skip it without looking
at people: the cost of a run follows what is due, not the size of the data.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, Protocol

from storage.problems import N_
from storage.services.days_off import working_days
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
    Category("objection_decision", N_("Objections awaiting your decision"), own_deadline=True),
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
    expires_at: datetime | None = None  # from then on its words would be false (default: the event itself)
    series: str | None = None  # stages of one event in the same series say the same thing: the latest due wins

    @property
    def valid_until(self) -> datetime | None:
        return self.expires_at or self.event_at


class Source(Protocol):
    async def stages(self, uow: UnitOfWork, since: datetime, until: datetime) -> list[Stage]: ...

    async def recipients(self, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict[str, Any]]:
        """Who gets a stage without its own ``employee_ids``, each with any parameters of their own."""


@dataclass
class PlanResult:
    queued: int = 0
    digested: int = 0
    stages: list[str] = field(default_factory=list)


@dataclass
class _Writes:
    """What a run will write, held until its reads are done. On SQLite the first write takes the database's one
    write lock until the commit; a run that wrote as it went held that lock through every later stage's reads,
    and the leadership lease renewal timed out behind it."""

    completed: list[tuple[str, str]] = field(default_factory=list)
    logs: list[dict[str, Any]] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)
    digests: dict[int, list[tuple[str, dict[str, Any]]]] = field(default_factory=lambda: defaultdict(list))
    per_cap_day: dict[date, Counter[int]] = field(default_factory=lambda: defaultdict(Counter))

    def log(self, entry: dict[str, Any], rules: QuietRules) -> None:
        self.logs.append(entry)
        self.per_cap_day[rules.cap_day(entry["deliver_at"])][entry["employee_id"]] += 1

    def planned_on(self, day: date) -> Counter[int]:
        """Reminders this run already gave each person for delivery in ``day``'s cap window (a notice morning
        plans thousands of stages: looked up, not counted again for each)."""
        return self.per_cap_day.get(day, Counter())

    async def write(self, uow: UnitOfWork) -> None:
        now = uow.clock()
        for event_key, stage in self.completed:
            uow.reminders.mark_completed(event_key, stage, now)
        await uow.reminders.log(self.logs)
        await enqueue_many(uow, self.messages)
        for employee_id, items in self.digests.items():
            await enqueue(uow, employee_id=employee_id, kind="reminder.digest", template=DIGEST,
                          dedupe_key=f"reminder-digest:{employee_id}:{now.isoformat()}",
                          params={"items": messages_param(items)})


async def plan(uow: UnitOfWork, sources: Sequence[Source], rules: QuietRules) -> PlanResult:
    """Queue every reminder whose delivery time has come: read everything first, then write it all and commit."""
    now = uow.clock()
    rules = replace(rules, working_days=await working_days(uow))
    result = PlanResult()
    candidates = [(source, stage) for source in sources for stage in await source.stages(uow, now - LOOKBACK, now)]
    completed = await uow.reminders.completed([(stage.event_key, stage.stage) for _source, stage in candidates])
    due = {}
    for source, stage in candidates:
        if (stage.event_key, stage.stage) not in completed:
            deliver_at = delivery_time(stage.stage_at, stage.event_at, rules)
            if deliver_at is None or deliver_at <= now:  # otherwise a later run plans it with the data of then
                due[stage.event_key, stage.stage] = (source, stage, deliver_at)
    latest = _latest_of_each_series(stage for _source, stage, _deliver_at in due.values())
    writes = _Writes()
    for source, stage, deliver_at in due.values():
        if deliver_at is not None and not _stale(stage, now, latest):
            await _plan_stage(uow, source, stage, deliver_at, rules, result, writes)
        writes.completed.append((stage.event_key, stage.stage))
    await writes.write(uow)
    await uow.commit()
    return result


def _latest_of_each_series(due: Iterable[Stage]) -> dict[tuple[str, str], datetime]:
    latest: dict[tuple[str, str], datetime] = {}
    for stage in due:
        if stage.series is not None:
            key = (stage.event_key, stage.series)
            latest[key] = max(latest.get(key, stage.stage_at), stage.stage_at)
    return latest


def _stale(stage: Stage, now: datetime, latest: Mapping[tuple[str, str], datetime]) -> bool:
    """Past its expiry, or covered by a later stage of the same event that is due as well (``latest``: the last
    due stage of each event's series): say it once, truly."""
    if stage.valid_until is not None and now >= stage.valid_until:
        return True
    return stage.series is not None and latest[stage.event_key, stage.series] > stage.stage_at


async def _plan_stage(uow: UnitOfWork, source: Source, stage: Stage, deliver_at: datetime, rules: QuietRules,
                      result: PlanResult, writes: _Writes) -> None:
    personal = await _recipients(source, uow, stage)
    recipients = await _unmuted_and_new(uow, stage, list(personal))
    already_today = await _planned_on(uow, recipients, rules.cap_day(deliver_at), rules, writes)
    queued = 0
    for employee_id in recipients:
        params = stage.params | personal[employee_id]
        over_cap = already_today.get(employee_id, 0) >= rules.daily_cap
        writes.log(dict(employee_id=employee_id, category=stage.category, event_key=stage.event_key,
                        stage=stage.stage, stage_at=stage.stage_at, deliver_at=deliver_at, digest=over_cap,
                        created_at=uow.clock()), rules)
        if over_cap:
            writes.digests[employee_id].append((stage.template, params))
            continue
        queued += 1
        writes.messages.append(message_values(
            uow, employee_id=employee_id, kind=f"reminder.{stage.category}", template=stage.template, params=params,
            buttons=stage.buttons, reference=f"reminder:{stage.event_key}", not_before=deliver_at,
            expires_at=stage.valid_until, dedupe_key=f"reminder:{stage.event_key}:{stage.stage}:{employee_id}"))
    result.queued += queued
    result.digested += len(recipients) - queued
    result.stages.append(f"{stage.event_key}/{stage.stage}")


async def _recipients(source: Source, uow: UnitOfWork, stage: Stage) -> Mapping[int, dict[str, Any]]:
    if stage.employee_ids is not None:
        return {employee_id: {} for employee_id in stage.employee_ids}
    return await source.recipients(uow, stage)


async def _unmuted_and_new(uow: UnitOfWork, stage: Stage, recipients: Sequence[int]) -> list[int]:
    """Leave out who muted the category, and who already got this stage (a safety net under the markers)."""
    muted = await uow.reminders.muting(stage.category)
    planned = await uow.reminders.logged_for(stage.event_key, stage.stage)
    return [employee_id for employee_id in recipients if employee_id not in muted and employee_id not in planned]


async def _planned_on(uow: UnitOfWork, employee_ids: list[int], day: date, rules: QuietRules,
                      writes: _Writes) -> dict[int, int]:
    """How many reminders each person already has for ``day``, stored or planned in this run, for the daily cap."""
    counts = Counter(await uow.reminders.count_between(employee_ids, *rules.cap_window(day)))
    planned = writes.planned_on(day)
    counts.update({employee_id: planned[employee_id] for employee_id in employee_ids if employee_id in planned})
    return dict(counts)


async def muted_categories(uow: UnitOfWork, employee_id: int) -> set[str]:
    return await uow.reminders.muted_categories(employee_id)


async def set_muted(uow: UnitOfWork, employee_id: int, category: str, muted: bool) -> None:
    if category not in CATEGORY_KEYS:
        raise ValueError(category)
    await uow.reminders.set_muted(employee_id, category, muted, uow.clock())
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
    rows = await uow.reminders.logged_since(since)
    keys = [f"reminder:{log.event_key}:{log.stage}:{log.employee_id}" for log, _nip, _name in rows]
    outcomes = await uow.outbox.outcomes(keys)
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
    rules = replace(rules, working_days=await working_days(uow))
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
