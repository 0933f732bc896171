"""When an automatic reminder may go out: never in quiet hours, not on a day off (weekend, national holiday,
cuti bersama) unless the event is that day or the next, and never after the event itself."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from storage.working_days import WorkingDays


@dataclass(frozen=True)
class QuietRules:
    tz: ZoneInfo
    quiet_start: time = time(21, 0)
    quiet_end: time = time(6, 0)
    daily_cap: int = 3          # reminders per person per day before the rest are merged into a digest
    morning: time = time(7, 0)  # the hour for "the day before"-style reminders
    working_days: WorkingDays = field(default_factory=WorkingDays)  # with Kepegawaian's corrections loaded

    def local_day(self, moment: datetime) -> date:
        return moment.astimezone(self.tz).date()

    def at(self, day: date, clock: time | None = None) -> datetime:
        """``day`` at ``clock`` (default: the morning hour) in local time, as a UTC instant."""
        return datetime.combine(day, clock or self.morning, self.tz).astimezone(UTC)

    def cap_window(self, day: date) -> tuple[datetime, datetime]:
        """The daily cap's ``day``: from the end of quiet hours that day to their end the next."""
        return self.at(day, self.quiet_end), self.at(day + timedelta(days=1), self.quiet_end)

    def cap_day(self, moment: datetime) -> date:
        """The day whose cap window holds ``moment``."""
        local = moment.astimezone(self.tz)
        return local.date() if local.time() >= self.quiet_end else local.date() - timedelta(days=1)


def delivery_time(stage_at: datetime, event_at: datetime | None, rules: QuietRules) -> datetime | None:
    """The first moment from ``stage_at`` that the rules allow, or None if that is not before the event."""
    local = stage_at.astimezone(rules.tz)
    event_day = event_at.astimezone(rules.tz).date() if event_at else None
    while True:  # a move out of quiet hours can land on a day off and vice versa; each step only moves forward
        if _quiet(local.time(), rules):
            local = _after_quiet(local, rules)
        elif rules.working_days.is_day_off(local.date()) and event_day not in (
                local.date(), local.date() + timedelta(days=1)):
            next_working = rules.working_days.first_on_or_after(local.date() + timedelta(days=1))
            local = datetime.combine(next_working, rules.quiet_end, rules.tz)
        else:
            break
    moment = local.astimezone(UTC)
    return None if event_at is not None and moment >= event_at else moment


def _quiet(clock: time, rules: QuietRules) -> bool:
    if rules.quiet_start > rules.quiet_end:  # overnight, e.g. 21:00-06:00
        return clock >= rules.quiet_start or clock < rules.quiet_end
    return rules.quiet_start <= clock < rules.quiet_end


def _after_quiet(local: datetime, rules: QuietRules) -> datetime:
    day = local.date() + timedelta(days=1) if local.time() >= rules.quiet_start > rules.quiet_end else local.date()
    return datetime.combine(day, rules.quiet_end, rules.tz)
