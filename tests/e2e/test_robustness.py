"""Property: whatever Telegram delivers (random text and Unicode, commands with junk, crafted and stale
buttons, edits, groups and channels, users without usernames, huge texts), the real application never
fails, answers politely whatever deserves an answer, and leaves the database consistent."""

from __future__ import annotations

import asyncio
import itertools
import logging
from dataclasses import replace

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import text

from bot.application import build_application
from bot.emulator import BotApiEmulator
from bot.i18n import I18n
from storage.db import create_engine, create_session_factory
from storage.migrate import upgrade
from storage.uow import UnitOfWork
from tests.conftest import FakeClock
from tests.e2e.conftest import TOKEN
from tests.factories import BUDI, add_employee, add_linked_employees, issue_code, link_user, make_hr

LINKED = [10_000, 10_001]
HR_USER = 500
STRANGERS = [900, 901]
GROUP, SUPERGROUP, CHANNEL = -100, -1001234567890, -1009876543210
COMMANDS = ["/start", "/menu", "/bantuan", "/help", "/pengaturan", "/putuskan", "/batal", "/pengumuman", "/rotasi",
            "/rotasi_hr", "/umumkan", "/pegawai", "/kode", "/nilai", "/tidakada", "/start@asn_karier_bot"]
CALLBACKS = ["menu:main", "menu:help", "menu:settings", "link:start", "link:cancel", "set:lang:", "set:unlink",
             "set:unlink:yes", "ann:list:", "ann:show:", "ack:b:", "ack:r:", "rot:mine", "rot:show:", "rhr:list:",
             "rhr:remind:", "rhr:new", "rhr:publish", "emp:find", "emp:show:", "emp:code:", "emp:code!:", "bc:new",
             "bc:units:", "bc:u:", "bc:kind", "bc:gf:", "bc:all", "bc:send", "bc:ack:1", "bc:cancel", ""]
SORRY = "Maaf, terjadi gangguan"  # the error handler's apology: must never be needed

ids = itertools.count(1)
words = st.text(st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=40)
junk = st.one_of(words, st.sampled_from(["-1", "999999999", "0", "1" * 30, "abc", "🙂", " ", "\n", "<b>", "&amp;"]))
texts = st.one_of(
    words.filter(lambda value: value.strip()),
    st.builds(lambda command, arg: f"{command} {arg}".strip(), st.sampled_from(COMMANDS), junk),
    st.sampled_from([BUDI, "19850315 201001 1 001", "K7QMA-3XPAR", "<script>", "x" * 4096, "😀" * 3000]),
)
callback_data = st.builds(lambda prefix, tail: (prefix + tail).encode()[:64].decode(errors="ignore") or "x",
                          st.sampled_from(CALLBACKS), junk)


def person(user_id: int, username: bool, name: str, language: str | None) -> dict:
    user = {"id": user_id, "is_bot": False, "first_name": name or "A"}
    if username:
        user["username"] = f"user{user_id}"
    if language:
        user["language_code"] = language
    return user


people = st.builds(person, st.sampled_from([*LINKED, HR_USER, *STRANGERS]), st.booleans(), words,
                   st.sampled_from([None, "id", "en", "xx"]))


def message(sender: dict, chat: dict, body: str) -> dict:
    fields: dict = {"text": body}
    if body.startswith("/"):
        fields["entities"] = [{"type": "bot_command", "offset": 0, "length": len(body.split()[0])}]
    return {"message_id": next(ids), "date": 1_764_200_000, "chat": chat, "from": sender, **fields}


def private_chat(sender: dict) -> dict:
    return {"id": sender["id"], "type": "private", "first_name": sender["first_name"]}


@st.composite
def updates(draw) -> dict:
    sender = draw(people)
    kind = draw(st.sampled_from(["text", "text", "text", "press", "press", "edit", "group", "channel", "location"]))
    if kind == "press":
        bot_message = {"message_id": draw(st.integers(1, 3)), "date": 1_764_200_000, "text": "menu",
                       "chat": private_chat(sender)}
        return {"callback_query": {"id": f"q{next(ids)}", "from": sender, "chat_instance": "1",
                                   "data": draw(callback_data), "message": bot_message}}
    if kind == "group":
        chat = {"id": draw(st.sampled_from([GROUP, SUPERGROUP])), "type": "supergroup", "title": "Kantor"}
        return {"message": message(sender, chat, draw(texts))}
    if kind == "channel":
        chat = {"id": CHANNEL, "type": "channel", "title": "Info"}
        return {"channel_post": {"message_id": next(ids), "date": 1_764_200_000, "chat": chat, "text": draw(texts)}}
    if kind == "location":
        located = message(sender, private_chat(sender), "")
        del located["text"]
        return {"message": located | {"location": {"latitude": -3.0, "longitude": 104.8}}}
    body = message(sender, private_chat(sender), draw(texts))
    return {"edited_message": body | {"edit_date": 1_764_200_100}} if kind == "edit" else {"message": body}


def deserves_answer(update: dict) -> int | None:
    """The chat that must hear back: private messages and every button press (a spinner otherwise)."""
    if "callback_query" in update:
        return update["callback_query"]["from"]["id"]
    incoming = update.get("message")
    if incoming and incoming["chat"]["type"] == "private":
        return incoming["chat"]["id"]
    return None


class World:
    """The emulator and the real application over a seeded database, on one event loop for all examples."""

    async def start(self, database_url: str) -> None:
        self.engine = create_engine(database_url)
        await upgrade(self.engine)
        clock = FakeClock()
        uow = UnitOfWork(create_session_factory(self.engine), clock)
        await add_linked_employees(uow, len(LINKED))
        await add_employee(uow, BUDI, "Budi Santoso")
        await link_user(uow, BUDI, HR_USER)
        await make_hr(uow, BUDI)
        await issue_code(uow, BUDI)
        self.emulator = BotApiEmulator(token=TOKEN)
        await self.emulator.start()
        for user_id in [*LINKED, HR_USER, *STRANGERS]:
            self.emulator.user(user_id)
        for chat_id in (GROUP, SUPERGROUP, CHANNEL):
            self.emulator.group(chat_id)
        from bot.config import Settings

        settings = replace(Settings(), database_url=database_url, telegram_bot_token=TOKEN,
                           telegram_api_base_url=self.emulator.base_url, telegram_per_second=0)
        self.application = build_application(settings, create_engine(database_url), clock=clock)
        await self.application.initialize()
        await self.application.start()
        await self.application.updater.start_polling(poll_interval=0, timeout=1)

    async def feed(self, batch: list[dict]) -> list:
        """Deliver the batch; wait until each update that deserves an answer got one (or 10 s), then for quiet."""
        since = len(self.emulator.events)
        for update in batch:
            incoming = update.get("message") or update.get("edited_message") or update.get("channel_post")
            if incoming is not None:
                self.emulator.api.chats[incoming["chat"]["id"]].remember(incoming)
            self.emulator.inject(update)
        expected = {chat_id for chat_id in map(deserves_answer, batch) if chat_id is not None}
        presses = {update["callback_query"]["id"] for update in batch if "callback_query" in update}
        deadline = asyncio.get_running_loop().time() + 10
        while asyncio.get_running_loop().time() < deadline and not (
                expected <= {event.chat_id for event in self.emulator.events[since:]}
                and presses <= {event.answer.query_id for event in self.emulator.events[since:] if event.answer}):
            await asyncio.sleep(0.01)
        await self.emulator.wait_idle(quiet=0.03, timeout=20)
        return self.emulator.events[since:]

    async def consistent(self) -> list[str]:
        async with self.engine.connect() as connection:
            problems = [str(row) for row in (await connection.execute(text("PRAGMA foreign_key_check"))).all()]
            problems += [row[0] for row in (await connection.execute(text("PRAGMA integrity_check"))).all()
                         if row[0] != "ok"]
            twice = await connection.scalar(text(
                "SELECT count(*) FROM (SELECT employee_id FROM telegram_accounts WHERE employee_id IS NOT NULL "
                "GROUP BY employee_id HAVING count(*) > 1)"))
            employees = await connection.scalar(text("SELECT count(*) FROM employees"))
        return problems + ([f"{twice} employees linked twice"] if twice else []) + \
            ([f"{employees} employees instead of 3"] if employees != 3 else [])

    async def stop(self) -> None:
        await self.application.updater.stop()
        await self.application.stop()
        await self.application.shutdown()
        await self.emulator.stop()
        await self.engine.dispose()


def test_random_updates_never_break_the_bot(tmp_path, caplog):
    caplog.set_level(logging.ERROR)
    loop = asyncio.new_event_loop()
    world = World()
    loop.run_until_complete(world.start(f"sqlite+aiosqlite:///{tmp_path / 'robust.db'}"))
    apology = I18n(world.application.settings.timezone, "id").translator("id")(
        "Sorry, something went wrong on our side. Please try again in a moment; if it keeps happening, tell HR.")
    assert apology.startswith(SORRY)
    try:
        @settings(max_examples=300, deadline=None, suppress_health_check=list(HealthCheck))
        @given(st.lists(updates(), min_size=1, max_size=12))
        def check(batch: list[dict]) -> None:
            caplog.clear()
            events = loop.run_until_complete(world.feed(batch))
            errors = [record.getMessage() for record in caplog.records if record.levelno >= logging.ERROR]
            assert not errors, errors
            reacted = {event.chat_id for event in events}
            for update in batch:
                chat_id = deserves_answer(update)
                assert chat_id is None or chat_id in reacted, f"no answer to {update}"
                if "callback_query" in update:
                    answered = {event.answer.query_id for event in events if event.answer}
                    assert update["callback_query"]["id"] in answered, f"button not answered: {update}"
            for event in events:
                shown = (event.message.text or event.message.caption or "") if event.message else ""
                assert SORRY not in shown and "Traceback" not in shown
                assert event.chat_id != CHANNEL  # channel posts are not requests

        check()
        assert loop.run_until_complete(world.consistent()) == []
    finally:
        loop.run_until_complete(world.stop())
        loop.close()
