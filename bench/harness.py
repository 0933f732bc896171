"""What the benchmarks share: the Bot API emulator with a round trip and Telegram's limits (in this process),
the bots as subprocesses (so each gets a core of its own, as in production), load shaped like people, and
the numbers.

Latency is measured from the moment an update is available at "Telegram" to the moment the emulator
performs the bot's visible reply (its round trip included), with the emulator's own clock.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import platform
import signal
import socket
import sys
import time
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.emulator import BotApiEmulator, BotEvent, RateLimits, SentMessage
from storage.db import create_engine
from storage.migrate import upgrade
from storage.models import Appraisal, Employee, TelegramAccount, Workshop
from storage.periods import parse_period
from storage.ratings import Rating, predikat_for

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "123456:BENCHMARK-TOKEN-FOR-THE-EMULATOR"
FIRST_USER_ID = 100_000
_REPLIES = frozenset({"message", "document", "edit"})


# -- the machine ------------------------------------------------------------------------------------------------

def machine() -> str:
    """One line naming the machine, for the numbers to mean something."""
    model = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                  if line.startswith("model name")), platform.processor() or "unknown CPU")
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, {platform.system()}"


def warn_if_busy() -> None:
    """The numbers need a quiet machine; say so when other work is running."""
    load = os.getloadavg()[0]
    if load > 0.5:
        print(f"note: load average {load:.1f} before the run: other work shares the CPU, "
              "so these numbers are pessimistic; rerun on a quiet machine for the README.")


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for process {pid}")


# -- the database the bot under test uses --------------------------------------------------------------------------

TEAM_SIZE = 20  # the first employee of every twenty leads and rates the other nineteen
WORKSHOPS = 12  # open for registration, two pages of the catalogue


async def seed_employees(database_url: str, count: int, linked: int) -> None:
    """``count`` employees in teams of :data:`TEAM_SIZE`, each with last year's and this quarter's published
    appraisal (rated by their team lead); :data:`WORKSHOPS` open workshops; the first ``linked`` employees linked
    to Telegram users ``FIRST_USER_ID + i``."""
    engine = create_engine(database_url)
    try:
        await upgrade(engine)
        now = datetime.now(UTC)
        async with engine.begin() as connection:
            for start in range(0, count, 5000):
                await connection.execute(insert(Employee), [_employee(index, now) for index in
                                                            range(start, min(count, start + 5000))])
            for start in range(0, count, 2500):
                await connection.execute(insert(Appraisal), [row for index in range(start, min(count, start + 2500))
                                                             for row in _appraisals(index, now)])
            await connection.execute(insert(Workshop), [_workshop(number, now) for number in range(WORKSHOPS)])
            for start in range(0, linked, 5000):
                await connection.execute(insert(TelegramAccount), [
                    dict(telegram_user_id=FIRST_USER_ID + index, chat_id=FIRST_USER_ID + index, employee_id=index + 1,
                         linked_at=now, created_at=now)
                    for index in range(start, min(linked, start + 5000))])
    finally:
        await engine.dispose()


def _lead(index: int) -> int | None:
    """The team lead's employee id (ids are index + 1); leads have none."""
    return None if index % TEAM_SIZE == 0 else index - index % TEAM_SIZE + 1


def _employee(index: int, now: datetime) -> dict[str, Any]:
    return dict(id=index + 1, nip=f"{index:018d}", name=f"Pegawai Contoh {index}", kind="PNS", grade="III/a",
                position="Kepala Seksi" if _lead(index) is None else "Pelaksana", unit=f"Kelurahan {index % 7}",
                superior_id=_lead(index), active=True, created_at=now, updated_at=now)


def _workshop(number: int, now: datetime) -> dict[str, Any]:
    starts = now + timedelta(days=10 + number)
    return dict(code=f"BENCH-{number:02d}", title=f"Pelatihan Pelayanan Publik Angkatan {number + 1}",
                kind="teknis", mode="luring", location="Aula Kantor Camat Plaju", starts_at=starts,
                ends_at=starts + timedelta(hours=7), registration_deadline=starts - timedelta(days=3), capacity=40,
                seats_taken=0, jp=8, status="open",
                revision=0, created_at=now, updated_at=now)


def _appraisals(index: int, now: datetime) -> list[dict[str, Any]]:
    """Last year's annual result and this quarter's, published five days ago (its objection window is open)."""
    lead = _lead(index)
    published = now.date() - timedelta(days=5)
    rows = []
    for period, published_on, results in ((parse_period(str(published.year - 1)), published.replace(month=1, day=15),
                                           Rating.ABOVE), (parse_period(f"{published.year}-Q3"), published,
                                                           (Rating.MEETS, Rating.BELOW)[index % 2])):
        rows.append(dict(employee_id=index + 1, period=period.code, period_kind=period.kind.value,
                         period_start=period.start, period_end=period.end, version=1, work_results=results,
                         work_behaviour=Rating.MEETS, predikat=predikat_for(results, Rating.MEETS),
                         rater_id=lead, rater_nip=None if lead is None else f"{lead - 1:018d}",
                         rater_name=None if lead is None else f"Pegawai Contoh {lead - 1}",
                         rater_position=None if lead is None else "Kepala Seksi",
                         feedback="Pertahankan kinerja, tingkatkan ketepatan waktu laporan.",
                         published_on=published_on, received_at=now - (now.date() - published_on),
                         created_at=now, updated_at=now))
    return rows


# -- Telegram ----------------------------------------------------------------------------------------------------

@dataclass
class Sample:
    """One update and what became of it, in the emulator's monotonic seconds."""

    chat_id: int
    kind: str  # "message" or "callback"
    sent_at: float
    replied_at: float | None = None
    callback_answered_at: float | None = None

    @property
    def done(self) -> bool:
        return self.replied_at is not None and (self.kind != "callback" or self.callback_answered_at is not None)


@dataclass
class Telegram:
    """The emulator plus a record of every update sent and when the bot reacted to it."""

    emulator: BotApiEmulator
    answer_is_reply: bool = False  # steady load: pressing the same button twice changes nothing on screen
    samples: list[Sample] = field(default_factory=list)
    pending: dict[int, Sample] = field(default_factory=dict)  # chat id -> the update awaiting its reply

    def users(self, count: int, first: int = FIRST_USER_ID) -> list[int]:
        for user_id in range(first, first + count):
            self.emulator.user(user_id, first_name=f"Pegawai {user_id - first}")
        return list(range(first, first + count))

    def busy(self, chat_id: int) -> bool:
        return chat_id in self.pending

    def send(self, user_id: int, action: str) -> Sample:
        """``/command`` or text is typed; ``data:<callback data>`` presses a button on the bot's last message."""
        user = self.emulator.api.users[user_id]
        if action.startswith("data:"):
            message = user.messages[-1] if user.messages else self._bot_message(user_id)
            update = {"callback_query": {"from": user.user_dict(), "chat_instance": str(user_id),
                                         "data": action.removeprefix("data:"),
                                         "message": message.to_dict(user.chat_dict(), self.emulator.api.bot_user)}}
            kind = "callback"
        else:
            update = {"message": user._new_message(user, _text_fields(action))}
            kind = "message"
        sample = Sample(user_id, kind, time.monotonic())
        self.samples.append(sample)
        self.pending[user_id] = sample
        self.emulator.inject(update)
        return sample

    def _bot_message(self, chat_id: int) -> SentMessage:
        """A menu the bot sent earlier, so a press has a message to edit (as after /menu)."""
        chat = self.emulator.api.chats[chat_id]
        message = SentMessage(message_id=chat.next_message_id(), chat_id=chat_id, date=int(time.time()),
                              text="Menu utama", reply_markup={"inline_keyboard": [[{
                                  "text": "Menu", "callback_data": "menu:main"}]]})
        chat.add_bot_message(message)
        return message

    async def watch(self) -> None:
        """Match the bot's actions to the pending update of each chat (one at a time per chat)."""
        queue = self.emulator.subscribe()
        try:
            while True:
                self._record(await queue.get())
        finally:
            self.emulator.unsubscribe(queue)

    def _record(self, event: BotEvent) -> None:
        sample = self.pending.get(event.chat_id)
        if sample is None:
            return
        if event.kind == "callback_answer" and sample.callback_answered_at is None:
            sample.callback_answered_at = event.at
            if self.answer_is_reply:  # the same menu again: the answer alone is the whole reaction
                asyncio.get_running_loop().call_later(0.3, self._answered_only, sample)
        elif event.kind in _REPLIES and sample.replied_at is None:
            sample.replied_at = event.at
        if sample.done:
            del self.pending[event.chat_id]

    def _answered_only(self, sample: Sample) -> None:
        if sample.replied_at is None:
            sample.replied_at = sample.callback_answered_at
            if self.pending.get(sample.chat_id) is sample:
                del self.pending[sample.chat_id]

    async def settle(self, timeout: float, stall: float = 10.0) -> bool:
        """Wait until every update got its reply; False if some did not within ``timeout``, or if nothing
        happened for ``stall`` seconds (a bot that lost replies to 429s will never send them)."""
        deadline = time.monotonic() + timeout
        seen, quiet_since = len(self.emulator.events), time.monotonic()
        while self.pending and time.monotonic() < deadline and time.monotonic() - quiet_since < stall:
            await asyncio.sleep(0.05)
            if len(self.emulator.events) != seen:
                seen, quiet_since = len(self.emulator.events), time.monotonic()
        return not self.pending

    @property
    def rejected(self) -> int:
        """Requests Telegram refused with 429 (Too Many Requests)."""
        return sum(1 for call in self.emulator.calls if call.outcome == 429)


def _text_fields(text: str) -> dict[str, Any]:
    fields: dict[str, Any] = {"text": text}
    if text.startswith("/"):
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
    return fields


@contextlib.asynccontextmanager
async def telegram(latency: float, global_limit: float) -> AsyncIterator[Telegram]:
    """The emulator with Telegram's per-chat and group limits; ``global_limit`` messages/s overall (0: none)."""
    limits = RateLimits(global_per_second=global_limit or 1_000_000.0)
    async with BotApiEmulator(token=TOKEN, rate_limits=limits, latency=latency) as emulator:
        world = Telegram(emulator)
        watcher = asyncio.create_task(world.watch())
        try:
            yield world
        finally:
            watcher.cancel()


# -- the bots ------------------------------------------------------------------------------------------------------

@dataclass
class BotProcess:
    process: asyncio.subprocess.Process
    started_in: float  # seconds from spawning to the first long poll

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.asynccontextmanager
async def bot_process(world: Telegram, argv: Sequence[str], env: dict[str, str] | None = None,
                      log: Path | None = None, webhook: bool = False) -> AsyncIterator[BotProcess]:
    """Start a bot against the emulator; yield once it polls (or set its webhook); stop it with SIGTERM after."""
    environment = {**os.environ, "TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": world.emulator.base_url,
                   **(env or {})}
    output = log.open("wb") if log else asyncio.subprocess.DEVNULL
    started = time.monotonic()
    process = await asyncio.create_subprocess_exec(sys.executable, *argv, cwd=ROOT, env=environment,
                                                   stdout=output, stderr=output)
    try:
        world.emulator.api.webhook = None
        while not (world.emulator.api.webhook if webhook else world.emulator.api.feed.polling):
            if process.returncode is not None:
                raise RuntimeError(f"{' '.join(argv)} exited with {process.returncode}" +
                                   (f"; see {log}" if log else ""))
            if time.monotonic() - started > 60:
                raise TimeoutError(f"{' '.join(argv)} did not start within 60 s")
            await asyncio.sleep(0.01)
        yield BotProcess(process, time.monotonic() - started)
    finally:
        if process.returncode is None:
            process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(process.wait(), 20)
            except TimeoutError:
                process.kill()
                await process.wait()
        if log:
            output.close()


def echo_bot_argv(concurrency: int) -> list[str]:
    return [str(ROOT / "bench" / "echo_bot.py"), str(concurrency)]


# -- numbers -------------------------------------------------------------------------------------------------------

def percentile(values: Sequence[float], fraction: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


@dataclass(frozen=True)
class Outcome:
    """What a load did: how many got answered, how fast, and how quickly in the worst cases."""

    updates: int
    answered: int
    seconds: float  # from the first update to the last reply
    latencies_ms: list[float]
    callback_ms: list[float]
    unanswered_callbacks: int  # presses with no answer recorded (e.g. refused by Telegram after 15 s)
    rejected: int

    @property
    def throughput(self) -> float:
        return self.answered / self.seconds if self.seconds else 0.0

    def line(self, name: str) -> str:
        lat = self.latencies_ms
        text = (f"{name:<28} answered {self.answered}/{self.updates} in {self.seconds:6.1f} s = "
                f"{self.throughput:6.1f} updates/s; reply p50 {percentile(lat, .5):5.0f} ms, "
                f"p99 {percentile(lat, .99):5.0f} ms, max {max(lat, default=float('nan')):5.0f} ms")
        if self.callback_ms:
            text += f"; button answered max {max(self.callback_ms) / 1000:.1f} s"
        if self.unanswered_callbacks:
            text += f", {self.unanswered_callbacks} buttons never answered"
        return text + f"; 429s {self.rejected}"


def outcome(world: Telegram, samples: Sequence[Sample]) -> Outcome:
    answered = [sample for sample in samples if sample.replied_at is not None]
    first = min((sample.sent_at for sample in samples), default=0.0)
    last = max((sample.replied_at for sample in answered), default=first)
    callbacks = [sample.callback_answered_at - sample.sent_at for sample in samples
                 if sample.kind == "callback" and sample.callback_answered_at is not None]
    presses = sum(1 for sample in samples if sample.kind == "callback")
    return Outcome(len(samples), len(answered), last - first,
                   [1000 * (sample.replied_at - sample.sent_at) for sample in answered],
                   [1000 * value for value in callbacks], presses - len(callbacks), world.rejected)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def ours_env(database_url: str, global_limit: float) -> dict[str, str]:
    """The bot under test paces itself to the limit the emulator enforces (0: none). Quiet all day: otherwise
    the seeded appraisals' reminders go out during the measurement outside 21:00-06:00 WIB only, and the
    numbers (429s above all, with pacing off) would depend on the hour the benchmark is run."""
    return {"DATABASE_URL": database_url, "TELEGRAM_MESSAGES_PER_SECOND": f"{global_limit:.0f}",
            "QUIET_HOURS_START": "00:00", "QUIET_HOURS_END": "23:59"}
