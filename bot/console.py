"""``asnbot console``: chat with the real application in a terminal, through the bundled Bot API emulator.

Nothing is mocked: the same handlers, database and translations run, and the terminal plays one
Telegram user. Inline buttons are numbered; typing a number presses that button.
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
from dataclasses import replace
from pathlib import Path

from bot.application import build_application
from bot.config import Settings
from bot.context import utc_now
from bot.demo import load_demo_office
from bot.emulator import BotApiEmulator, SentMessage
from bot.i18n import Translator
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.services.linking import link_without_code
from storage.uow import UnitOfWork

CONSOLE_TOKEN = "1000000:CONSOLE-LOCAL-EMULATOR-TOKEN"
CONSOLE_USER_ID = 777000001
LOG_FILE = Path(tempfile.gettempdir()) / "asnbot-console.log"
FILES_DIR = Path(tempfile.gettempdir()) / "asnbot-console-files"
BOLD, RESET = ("\033[1m", "\033[0m") if sys.stdout.isatty() else ("", "")


async def run_console(settings: Settings, _: Translator, *, as_nip: str | None = None) -> int:
    _log_to_file(_)
    engine = create_engine(settings.database_url)
    await upgrade(engine)
    uow = UnitOfWork(create_session_factory(engine), utc_now)
    await _offer_demo_data(uow, settings, _)
    if as_nip:
        async with uow:
            employee = await link_without_code(uow, telegram_user_id=CONSOLE_USER_ID, chat_id=CONSOLE_USER_ID,
                                               nip=as_nip, actor="console")
        print(_("Chatting as {name}.", name=employee.name))
    async with BotApiEmulator(token=CONSOLE_TOKEN, bot_username="asn_karier_bot") as emulator:
        local = replace(settings, telegram_bot_token=CONSOLE_TOKEN, telegram_api_base_url=emulator.base_url)
        application = build_application(local, engine)
        async with application:
            await application.post_init(application)  # as run_polling does
            await application.start()
            await application.updater.start_polling(poll_interval=0, timeout=10)
            try:
                await _chat(emulator, _)
            finally:
                await application.updater.stop()
                await application.stop()
    return 0


def _log_to_file(_: Translator) -> None:
    """The terminal is the chat: log lines go to a file instead (the handlers keep their format and filters)."""
    output = LOG_FILE.open("a", encoding="utf-8")
    for handler in logging.getLogger().handlers:
        if isinstance(handler, logging.StreamHandler) and not isinstance(handler, logging.FileHandler):
            handler.setStream(output)
    print(_("The bot's log is written to {path}.", path=str(LOG_FILE)))


async def _offer_demo_data(uow: UnitOfWork, settings: Settings, _: Translator) -> None:
    async with uow:
        if await uow.employees.count():
            return
    answer = await asyncio.to_thread(_ask, _("The database is empty. Load a fictional demo office (employees, "
                                             "appraisals, workshops, an announcement and a rotation, all marked "
                                             "CONTOH)? [y/N] "))
    if answer.strip().lower() not in ("y", "ya", "yes"):
        return
    issued = await load_demo_office(uow, settings)
    print(_("Demo data loaded. Try /start with one of these NIPs and codes:"))
    for item in issued:
        print(f"  {item.nip}  {item.code}  ({item.name})")


def _ask(prompt: str) -> str:
    try:
        return input(prompt)
    except EOFError:
        return ""


async def _chat(emulator: BotApiEmulator, _: Translator) -> None:
    user = emulator.user(CONSOLE_USER_ID, first_name="Konsol", language_code="id")
    printer = asyncio.create_task(_print_bot(emulator.subscribe(), _))
    print(_("Type a message (e.g. /start), a button number, or /keluar to quit."))
    try:
        await user.send("/start")  # what a new Telegram user's first tap does
        while True:
            line = (await asyncio.to_thread(_ask, "> ")).strip()
            if line in ("/keluar", "/quit"):
                return
            if not line:
                if sys.stdin.closed or not sys.stdin.isatty():
                    return
                continue
            buttons = _numbered_buttons(user.messages)
            if line.isdigit() and 1 <= int(line) <= len(buttons):
                label, data = buttons[int(line) - 1]
                if data is None:
                    print(_("(that button opens a link; nothing to do here)"))
                    continue
                await user.press_data(data, message_id=_last_with_buttons(user.messages).message_id)
            else:
                await user.send(line)
    finally:
        printer.cancel()


def _numbered_buttons(messages: list[SentMessage]) -> list[tuple[str, str | None]]:
    message = _last_with_buttons(messages)
    if message is None:
        return []
    return [(text, data if not str(data).startswith("http") else None)
            for row in message.buttons for text, data in row]


def _last_with_buttons(messages: list[SentMessage]) -> SentMessage | None:
    return next((message for message in reversed(messages) if message.buttons), None)


async def _print_bot(events: asyncio.Queue, _: Translator) -> None:
    while True:
        event = await events.get()
        message = getattr(event, "message", None)
        if message is None:
            continue
        print(f"\n{BOLD}bot:{RESET} {describe(message, _)}")
        number = 0
        for row in message.buttons:
            cells = []
            for text, _data in row:
                number += 1
                cells.append(f"[{number}] {text}")
            print("     " + "   ".join(cells))


def describe(message: SentMessage, _: Translator) -> str:
    """What the terminal shows of a message: its text, or for a file its name and size, saved to disk so it can
    be opened (a roster, a calendar entry), then its caption."""
    if message.document is None:
        return message.text or ""
    document = message.document
    FILES_DIR.mkdir(exist_ok=True)
    path = FILES_DIR / Path(document.filename).name
    path.write_bytes(document.content)
    line = _("📎 {name} ({size} KB), saved as {path}", name=document.filename,
             size=round(len(document.content) / 1024, 1), path=str(path))
    return f"{line}\n{message.caption}" if message.caption else line
