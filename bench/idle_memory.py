"""Benchmark: start-up time and idle memory with a whole office in the database (20,000 employees, 2,000
of them linked), next to a minimal PTB echo bot. Start-up counts from launching ``python -m bot run`` on
an up-to-date database to its first long poll; memory is the resident set after it has idled.

    .venv/bin/python bench/idle_memory.py --employees 20000 --idle 10
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

from harness import bot_process, echo_bot_argv, machine, ours_env, rss_mb, seed_employees, telegram, warn_if_busy


async def main(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    warn_if_busy()
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        await seed_employees(database_url, args.employees, args.linked)
        async with telegram(latency=args.latency, global_limit=30) as world:
            users = world.users(50)
            async with bot_process(world, ["-m", "bot", "run"], ours_env(database_url, 30),
                                   log=Path(folder) / "bot.log") as ours:
                started_rss = rss_mb(ours.pid)
                for user in users:  # some people use it first: what idles is a bot that has worked
                    world.send(user, "/menu")
                await world.settle(30)
                for second in range(int(args.idle)):
                    await asyncio.sleep(1)
                    if args.trace:
                        print(f"  {second + 1:3d} s idle: RSS {rss_mb(ours.pid):.0f} MB")
                ours_rss = rss_mb(ours.pid)
            async with bot_process(world, echo_bot_argv(32)) as echo:
                await asyncio.sleep(args.idle)
                echo_rss = rss_mb(echo.pid)
    print(f"asn-karier-bot: start-up {ours.started_in:.2f} s (to the first long poll), idle RSS {ours_rss:.0f} MB "
          f"with {args.employees} employees ({args.linked} linked); {started_rss:.0f} MB at the first long poll")
    print(f"echo bot:       start-up {echo.started_in:.2f} s, idle RSS {echo_rss:.0f} MB")
    print(f"ratio: {ours_rss / echo_rss:.2f}x the echo bot's memory")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--employees", type=int, default=20_000)
    parser.add_argument("--linked", type=int, default=2_000)
    parser.add_argument("--idle", type=float, default=10.0, help="seconds to idle before measuring")
    parser.add_argument("--latency", type=float, default=0.1, help="Telegram round trip in seconds")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    parser.add_argument("--trace", action="store_true", help="print the bot's RSS every second while it idles")
    asyncio.run(main(parser.parse_args()))
