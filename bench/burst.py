"""Benchmark: the 08:00 burst. Every linked employee opens the same screen at once ("hasil penilaian sudah
terbit"), against the Bot API emulator with a round trip and Telegram's limits. The bot runs as
``python -m bot run`` in a subprocess; a minimal PTB echo bot runs the same burst in the same run.

    .venv/bin/python bench/burst.py --users 2000 --action /nilai --latency 0.1
    .venv/bin/python bench/burst.py --action data:ap:home        # a button press instead of a command
    .venv/bin/python bench/burst.py --global-limit 0             # Telegram's 30 messages/s overall lifted
    .venv/bin/python bench/burst.py --action /start --strangers --global-limit 0   # launch day: first contact

``--action`` is what each employee does: a command or text, or ``data:<callback data>`` to press a button
on the bot's last message. Every employee has appraisal results (see ``harness.seed_employees``).
``--strangers``: nobody is linked yet, as on the day HR announces the bot. ``--profile FILE`` runs the bot
under cProfile (FILE ending in ``.prof``) or pyinstrument (installed separately; its text report).
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from harness import (
    Outcome,
    Telegram,
    bot_process,
    cpu_seconds,
    echo_bot_argv,
    machine,
    ours_env,
    outcome,
    seed_employees,
    telegram,
    warn_if_busy,
)


async def burst(world: Telegram, users: list[int], action: str, timeout: float, pid: int) -> tuple[Outcome, float]:
    """The outcome and the bot's CPU milliseconds per answered update."""
    world.samples.clear()
    world.emulator.calls.clear()
    cpu = cpu_seconds(pid)
    samples = [world.send(user, action) for user in users]
    await world.settle(timeout)
    result = outcome(world, samples)
    cpu_ms = 1000 * (cpu_seconds(pid) - cpu) / max(1, result.answered)
    print(f"  CPU {cpu_ms:.2f} ms per answered update (the bot process)")
    return result, cpu_ms


async def main(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    warn_if_busy()
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        await seed_employees(database_url, args.users, 0 if args.strangers else args.users)
        async with telegram(args.latency, args.global_limit) as world:
            users = world.users(args.users)
            profiler = ([] if not args.profile else ["-m", "cProfile", "-o", args.profile] if args.profile.endswith(
                ".prof") else ["-m", "pyinstrument", "-r", "text", "-o", args.profile])
            async with bot_process(world, [*profiler, "-m", "bot", "run"], ours_env(database_url, args.global_limit),
                                   log=Path(folder) / "bot.log") as bot:
                ours, ours_cpu = await burst(world, users, args.action, args.timeout, bot.pid)
            print(ours.line("asn-karier-bot"))
            best: tuple[int, Outcome, float] | None = None
            for concurrency in args.echo_concurrency:
                await asyncio.sleep(2)  # let the per-chat limits refill
                async with bot_process(world, echo_bot_argv(concurrency)) as bot:
                    echo, echo_cpu = await burst(world, users, args.action, args.timeout, bot.pid)
                print(echo.line(f"echo bot, concurrency {concurrency}"))
                if best is None or echo.throughput > best[1].throughput:
                    best = (concurrency, echo, echo_cpu)
    assert best is not None
    concurrency, echo, echo_cpu = best
    print(f"ratio: {ours.throughput / echo.throughput:.2f}x the throughput of the echo bot's best setting "
          f"(concurrent_updates={concurrency}); answered {ours.answered} vs {echo.answered} of {args.users}; "
          f"{args.latency * 1000:.0f} ms round trip, global limit {args.global_limit or 'off'}")
    print(f"CPU per answered update: {ours_cpu:.2f} ms against the echo bot's {echo_cpu:.2f} ms at that setting "
          f"({echo_cpu / ours_cpu:.2f}x less; the steadier comparison when the echo bot's throughput swings)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--users", type=int, default=2000)
    parser.add_argument("--action", default="/nilai")
    parser.add_argument("--latency", type=float, default=0.1, help="Telegram round trip in seconds")
    parser.add_argument("--global-limit", type=float, default=30.0,
                        help="messages/s Telegram allows overall (0: off; per-chat limits stay on)")
    parser.add_argument("--echo-concurrency", type=lambda text: [int(n) for n in text.split(",")],
                        default=[32, 40, 256], help="echo bot settings to try, comma separated (1 takes minutes)")
    parser.add_argument("--timeout", type=float, default=300.0)
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--strangers", action="store_true", help="no employee is linked to Telegram yet")
    parser.add_argument("--profile", metavar="FILE", help="profile the bot with pyinstrument into FILE")
    asyncio.run(main(parser.parse_args()))
