"""Benchmark: a steady working day, 50 updates a second from people using menus, announcements, rotation
notices and buttons, each person waiting for the answer before acting again. Prints the latency from
update to reply. The bot runs as ``python -m bot run --webhook`` (``--polling`` for long polling) against
the Bot API emulator; a minimal PTB echo bot (long polling, its best setting) serves the same load.

    .venv/bin/python bench/steady.py --rate 50 --seconds 30 --latency 0.1

50 replies a second are more than Telegram's ~30 messages/s overall limit, so that limit is off by
default here (``--global-limit 30`` to apply it); the per-chat limits stay on. ``--actions`` lists what
people do (``data:...`` presses a button).

What pacing costs below the limit: the bot paced and then unpaced (``TELEGRAM_MESSAGES_PER_SECOND=0``), in the
same run, against Telegram's limit:

    .venv/bin/python bench/steady.py --rate 25 --actions /start --global-limit 30 --pacing both --polling
"""

from __future__ import annotations

import argparse
import asyncio
import random
import tempfile
import time
from pathlib import Path

from harness import (
    Outcome,
    Telegram,
    bot_process,
    echo_bot_argv,
    free_port,
    machine,
    ours_env,
    outcome,
    percentile,
    seed_employees,
    telegram,
    warn_if_busy,
)

ACTIONS = ("/menu,/nilai,/pelatihan,/pengumuman,/rotasi,data:menu:main,data:ap:home,data:ws:l:1,data:ann:list:0,"
           "data:rot:mine,data:menu:help")


async def steady(world: Telegram, users: list[int], actions: list[str], rate: float, seconds: float,
                 warm_up: float) -> Outcome:
    """Send ``rate`` updates a second for ``seconds``, each from someone not waiting for an answer."""
    world.samples.clear()
    world.emulator.calls.clear()
    chooser = random.Random(7)
    started = time.monotonic()
    counted = []
    for tick in range(int(rate * (seconds + warm_up))):
        await asyncio.sleep(max(0.0, started + tick / rate - time.monotonic()))
        idle = [user for user in chooser.sample(users, 20) if not world.busy(user)]
        if idle:
            sample = world.send(idle[0], chooser.choice(actions))
            if time.monotonic() - started >= warm_up:
                counted.append(sample)
    await world.settle(30)
    return outcome(world, counted)


def report(name: str, result: Outcome, seconds: float) -> str:
    lat = result.latencies_ms
    line = (f"{name:<30} {result.updates / seconds:5.1f} updates/s, answered {result.answered}/{result.updates}; "
            f"reply p50 {percentile(lat, .5):4.0f} ms, p95 {percentile(lat, .95):4.0f} ms, "
            f"p99 {percentile(lat, .99):4.0f} ms, max {max(lat, default=float('nan')):5.0f} ms")
    if result.callback_ms:
        line += f"; button answered p99 {percentile(result.callback_ms, .99):4.0f} ms"
    return line + f"; 429s {result.rejected}"


async def main(args: argparse.Namespace) -> None:
    print(f"machine: {machine()}")
    warn_if_busy()
    actions = args.actions.split(",")
    with tempfile.TemporaryDirectory() as folder:
        database_url = args.database_url or f"sqlite+aiosqlite:///{folder}/bench.db"
        await seed_employees(database_url, args.users, args.users)
        async with telegram(args.latency, args.global_limit) as world:
            world.answer_is_reply = True
            users = world.users(args.users)
            for paced in {"on": [True], "off": [False], "both": [True, False]}[args.pacing]:
                port = free_port()
                mode = [] if args.polling else ["--webhook", f"http://127.0.0.1:{port}/telegram",
                                                "--listen", f"127.0.0.1:{port}"]
                env = ours_env(database_url, args.global_limit if paced else 0)
                async with bot_process(world, ["-m", "bot", "run", *mode], env, log=Path(folder) / "bot.log",
                                       webhook=not args.polling):
                    ours = await steady(world, users, actions, args.rate, args.seconds, args.warm_up)
                name = f"asn-karier-bot ({'polling' if args.polling else 'webhook'}{'' if paced else ', unpaced'})"
                print(report(name, ours, args.seconds))
                await asyncio.sleep(2)  # let the per-chat limits refill
            async with bot_process(world, echo_bot_argv(args.echo_concurrency)):
                echo = await steady(world, users, actions, args.rate, args.seconds, args.warm_up)
            print(report(f"echo bot (polling, {args.echo_concurrency})", echo, args.seconds))
    ratio = percentile(echo.latencies_ms, .99) / percentile(ours.latencies_ms, .99)
    print(f"p99 ratio: the echo bot's p99 is {ratio:.2f}x ours; {args.latency * 1000:.0f} ms round trip, "
          f"global limit {args.global_limit or 'off'}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rate", type=float, default=50.0, help="updates per second")
    parser.add_argument("--seconds", type=float, default=30.0, help="measured duration")
    parser.add_argument("--warm-up", type=float, default=3.0, help="seconds of load before measuring")
    parser.add_argument("--users", type=int, default=1000)
    parser.add_argument("--actions", default=ACTIONS, help="comma separated commands or data:<callback data>")
    parser.add_argument("--latency", type=float, default=0.1, help="Telegram round trip in seconds")
    parser.add_argument("--global-limit", type=float, default=0.0, help="messages/s Telegram allows overall")
    parser.add_argument("--polling", action="store_true", help="long polling instead of a webhook")
    parser.add_argument("--pacing", choices=("on", "off", "both"), default="on",
                        help="the bot paces itself to --global-limit (off: unpaced; both: one run each)")
    parser.add_argument("--echo-concurrency", type=int, default=32, help="the echo bot's concurrent_updates")
    parser.add_argument("--database-url", help="default: a fresh SQLite file")
    asyncio.run(main(parser.parse_args()))
