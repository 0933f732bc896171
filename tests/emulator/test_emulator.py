"""The emulator, exercised through a real PTB Application over loopback HTTP."""

from __future__ import annotations

import asyncio
import datetime as dtm
import time
from collections.abc import Callable

import pytest
from telegram import Bot, InlineKeyboardButton, InlineKeyboardMarkup
from telegram.error import BadRequest, Conflict, Forbidden, InvalidToken, RetryAfter
from telegram.ext import Application

from bot.emulator import BotApiEmulator, RateLimits, parse_html
from bot.emulator.limits import RateLimiter


async def until(condition: Callable[[], object], timeout: float = 2.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "condition not met in time"
        await asyncio.sleep(0.01)


def raw_message(chat_id: int, message_id: int, text: str) -> dict[str, object]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Siti"}
    chat = {"id": chat_id, "type": "private", "first_name": "Siti"}
    message = {"message_id": message_id, "date": 0, "chat": chat, "from": user, "text": text}
    return {"message": message}


# -- conversations ---------------------------------------------------------------


@pytest.mark.asyncio
async def test_echo_round_trip(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    replies = await user.send("halo dunia")
    assert [m.text for m in replies] == ["halo dunia"]
    assert user.last.message_id == 2  # user message 1 and bot message 2 share the counter
    assert emu.sent == replies


@pytest.mark.asyncio
async def test_command_reply_with_inline_keyboard(emu: BotApiEmulator, app: Application) -> None:
    replies = await emu.user(42).send("/start")
    assert replies[0].text == "Selamat datang"
    assert replies[0].buttons == [[("Bantuan", "menu:help")], [("Situs", "https://example.org")]]
    assert replies[0].button_texts == ["Bantuan", "Situs"]


@pytest.mark.asyncio
async def test_press_answers_and_edit_is_applied(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    await user.send("/start")
    replies = await user.press("Bantuan")
    assert [m.text for m in replies] == ["Dipilih: menu:help"]
    assert user.callback_answers[-1].text == "ok menu:help"
    assert len(user.messages) == 1
    assert user.messages[0].edits == 1
    assert user.messages[0].buttons == []  # editing without reply_markup drops the keyboard
    with pytest.raises(AssertionError, match="available"):
        await user.press("Tidak ada")
    with pytest.raises(BadRequest, match="Query is too old"):
        await app.bot.answer_callback_query(user.callback_answers[-1].query_id)


@pytest.mark.asyncio
async def test_press_data_sends_crafted_callback(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    await user.send("/start")
    replies = await user.press_data("forged:data")
    assert [m.text for m in replies] == ["Dipilih: forged:data"]
    message = user.last.to_dict(user.chat_dict(), emu.api.bot_user)
    emu.inject(
        {
            "callback_query": {
                "from": user.user_dict(),
                "chat_instance": "1",
                "data": "raw",
                "message": message,
            }
        }
    )
    await emu.wait_idle()
    assert user.callback_answers[-1].text == "ok raw"  # raw injected queries are answerable too


@pytest.mark.asyncio
async def test_callback_data_over_64_bytes_rejected(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    assert await user.send("/long", expect_reply=False) == []
    await until(lambda: app.bot_data.get("errors"))
    assert isinstance(app.bot_data["errors"][0], BadRequest)
    assert "button_data_invalid" in str(app.bot_data["errors"][0]).lower()

    def keyboard(data: str) -> InlineKeyboardMarkup:
        return InlineKeyboardMarkup([[InlineKeyboardButton("x", callback_data=data)]])

    await app.bot.send_message(42, "64 bytes", reply_markup=keyboard("é" * 32))
    with pytest.raises(BadRequest):
        await app.bot.send_message(42, "66 bytes", reply_markup=keyboard("é" * 33))


@pytest.mark.asyncio
async def test_user_document_is_downloadable(emu: BotApiEmulator, app: Application) -> None:
    replies = await emu.user(42).send_document("catatan.txt", b"isi berkas", caption="lihat")
    assert [m.text for m in replies] == ["diterima catatan.txt: isi berkas"]
    assert any(call.method == "getFile" and call.outcome == "ok" for call in emu.calls)


@pytest.mark.asyncio
async def test_bot_sends_document(emu: BotApiEmulator, app: Application) -> None:
    (reply,) = await emu.user(42).send("/doc")
    assert reply.document is not None
    assert reply.document.filename == "laporan.txt"
    assert reply.document.content == b"isi laporan kinerja"
    assert reply.document.mime_type == "text/plain"
    assert reply.caption == "Laporan"
    assert reply.entities == [{"offset": 0, "length": 7, "type": "bold"}]


@pytest.mark.asyncio
async def test_edited_message_and_subscription(emu: BotApiEmulator, app: Application) -> None:
    events = emu.subscribe()
    user = emu.user(42)
    await user.send("draf")
    replies = await user.edit(1, "final")
    assert [m.text for m in replies] == ["final"]  # PTB's MessageHandler also sees edits
    assert events.get_nowait().message.text == "draf"


@pytest.mark.asyncio
async def test_group_privacy_mode(emu: BotApiEmulator, app: Application) -> None:
    group = emu.group(-1001, title="Grup Kantor")
    replies = await group.send(77, "/start@asn_karier_bot")
    assert replies[0].chat_id == -1001  # PTB quotes the command in groups: reply target exists
    assert await group.send(77, "obrolan biasa") == []  # privacy mode: not delivered
    with pytest.raises(Forbidden, match="initiate"):
        await app.bot.send_message(77, "hai")  # a group member never started the bot


# -- Telegram rules -------------------------------------------------------------------


@pytest.mark.asyncio
async def test_html_parse_errors(emu: BotApiEmulator, app: Application) -> None:
    emu.user(42)
    cases = {
        "<x>hi</x>": 'unsupported start tag "x" at byte offset 0',
        "<b>hi": 'can\'t find end tag corresponding to start tag "b"',
        "1 < 2": "unsupported start tag",
        "AT&T": "can't parse entities",
    }
    for text, expected in cases.items():
        with pytest.raises(BadRequest) as caught:
            await app.bot.send_message(42, text, parse_mode="HTML")
        assert expected in caught.value.message.lower()


@pytest.mark.asyncio
async def test_length_limit_counts_after_entity_parsing(
    emu: BotApiEmulator, app: Application
) -> None:
    user = emu.user(42)
    await app.bot.send_message(42, "<b>" + "a" * 4096 + "</b>", parse_mode="HTML")
    assert len(user.last.text) == 4096
    with pytest.raises(BadRequest, match="Message is too long"):
        await app.bot.send_message(42, "a" * 4097)
    with pytest.raises(BadRequest, match="Message text is empty"):
        await app.bot.send_message(42, "<b></b>", parse_mode="HTML")


@pytest.mark.asyncio
async def test_utf16_entity_offsets(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    message = await app.bot.send_message(42, "😀 <b>tebal</b>", parse_mode="HTML")
    assert user.last.text == "😀 tebal"
    assert user.last.entities == [{"offset": 3, "length": 5, "type": "bold"}]
    assert list(message.parse_entities().values()) == ["tebal"]


@pytest.mark.asyncio
async def test_edit_rules(emu: BotApiEmulator, app: Application) -> None:
    emu.user(42)
    message = await app.bot.send_message(42, "sama")
    with pytest.raises(BadRequest, match="Message is not modified"):
        await app.bot.edit_message_text("sama", 42, message.message_id)
    with pytest.raises(BadRequest, match="Message to edit not found"):
        await app.bot.edit_message_text("baru", 42, 999)
    with pytest.raises(BadRequest, match="Chat not found"):
        await app.bot.send_message(999, "siapa")


@pytest.mark.asyncio
async def test_blocked_user_is_forbidden(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    emu.block(42)
    with pytest.raises(Forbidden, match="bot was blocked by the user"):
        await app.bot.send_message(42, "halo")
    assert await user.send("halo", expect_reply=False) == []
    await until(lambda: app.bot_data.get("errors"))
    assert isinstance(app.bot_data["errors"][0], Forbidden)
    emu.unblock(42)
    assert [m.text for m in await user.send("lagi")] == ["lagi"]


@pytest.mark.asyncio
async def test_rate_limit_gives_retry_after(
    bot_runner: Callable, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PTB_TIMEDELTA", "1")  # retry_after as timedelta, without PTB 22's warning
    async with BotApiEmulator(token="123:TEST", rate_limits=RateLimits()) as emu:
        emu.user(42)
        async with bot_runner(emu, polling=False) as app:
            with pytest.raises(RetryAfter) as caught:
                for n in range(5):
                    await app.bot.send_message(42, f"pesan {n}")
    assert caught.value.retry_after >= dtm.timedelta(seconds=1)
    assert len(emu.sent) == 3  # burst of 3, the refused request was not performed
    assert [call.outcome for call in emu.calls if call.method == "sendMessage"][-1] == 429


def test_rate_limiter_refills() -> None:
    now = [0.0]
    limiter = RateLimiter(RateLimits(per_chat_burst=2), clock=lambda: now[0])
    assert limiter.acquire(1) is None and limiter.acquire(1) is None
    assert limiter.acquire(1) == 1
    assert limiter.acquire(2) is None  # other chats have their own bucket
    now[0] = 1.0
    assert limiter.acquire(1) is None


# -- getUpdates -----------------------------------------------------------------------


@pytest.mark.asyncio
async def test_polling_confirms_offsets(emu: BotApiEmulator, app: Application) -> None:
    user = emu.user(42)
    await user.send("satu")
    await user.send("dua")
    await until(lambda: emu.updates_confirmed == 2)
    await emu.wait_idle()


@pytest.mark.asyncio
async def test_get_updates_offset_and_limit(emu: BotApiEmulator, idle_app: Application) -> None:
    bot = idle_app.bot
    ids = [emu.inject(raw_message(42, n, f"m{n}")) for n in (1, 2, 3)]
    assert [u.update_id for u in await bot.get_updates()] == ids
    assert emu.updates_confirmed == 0
    assert [u.update_id for u in await bot.get_updates(offset=ids[1], limit=1)] == [ids[1]]
    assert emu.updates_confirmed == ids[0]
    assert await bot.get_updates(offset=ids[2] + 1) == ()
    assert emu.updates_confirmed == ids[2]


@pytest.mark.asyncio
async def test_concurrent_get_updates_conflict(emu: BotApiEmulator, idle_app: Application) -> None:
    async with Bot(emu.token, base_url=emu.base_url) as other:
        first = asyncio.create_task(idle_app.bot.get_updates(timeout=5))
        await until(lambda: emu.api.feed.polling)
        assert await other.get_updates(timeout=0) == ()
        with pytest.raises(Conflict, match="terminated by other getUpdates request"):
            await first
        await other.set_webhook("https://example.org/hook")
        with pytest.raises(Conflict, match="webhook is active"):
            await other.get_updates()
        await other.delete_webhook()


# -- server basics ------------------------------------------------------------------


@pytest.mark.asyncio
async def test_latency_and_token(bot_runner: Callable) -> None:
    async with BotApiEmulator(token="123:TEST", latency=0.2) as emu:
        async with bot_runner(emu, polling=False) as app:
            started = time.monotonic()
            await app.bot.get_me()
            assert time.monotonic() - started >= 0.2
        with pytest.raises(InvalidToken):
            await Bot("999:WRONG", base_url=emu.base_url).get_me()


@pytest.mark.asyncio
async def test_commands_are_stored(emu: BotApiEmulator, idle_app: Application) -> None:
    await idle_app.bot.set_my_commands([("start", "Mulai")], language_code="id")
    assert emu.commands[("default", "id")] == [{"command": "start", "description": "Mulai"}]
    with pytest.raises(BadRequest):
        await idle_app.bot.set_my_commands([("Start", "huruf besar")])


@pytest.mark.parametrize(
    ("html", "plain", "entities"),
    [
        ("a &lt;b&gt; &amp; &quot; &#65;&#x42;", 'a <b> & " AB', []),
        (
            '<pre><code class="language-python">x</code></pre>',
            "x",
            [{"offset": 0, "length": 1, "type": "pre", "language": "python"}],
        ),
        (
            "<blockquote expandable>q</blockquote><tg-spoiler>s</tg-spoiler>",
            "qs",
            [
                {"offset": 0, "length": 1, "type": "expandable_blockquote"},
                {"offset": 1, "length": 1, "type": "spoiler"},
            ],
        ),
        (
            '<b>a<a href="https://x.id">b</a></b>',
            "ab",
            [
                {"offset": 0, "length": 2, "type": "bold"},
                {"offset": 1, "length": 1, "type": "text_link", "url": "https://x.id"},
            ],
        ),
    ],
)
def test_parse_html(html: str, plain: str, entities: list[dict[str, object]]) -> None:
    assert parse_html(html) == (plain, entities)


def tiny_png(width: int, height: int) -> bytes:
    """A valid grey PNG of the given size, built by hand (no imaging library needed)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    rows = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b""))


@pytest.mark.asyncio
async def test_bot_sends_photo_and_telegram_rules_apply(emu: BotApiEmulator, app: Application) -> None:
    """sendPhoto as Telegram takes it: a real image with its size, a caption, and refusals for what Telegram
    refuses (not an image, sides beyond 20:1, editing its "text")."""
    bot: Bot = app.bot
    await emu.user(42).send("/start")  # Telegram knows a private chat only once the user has written
    sent = await bot.send_photo(42, tiny_png(64, 32), caption="<b>Riwayat</b>", parse_mode="HTML")
    assert (sent.photo[-1].width, sent.photo[-1].height) == (64, 32)
    (stored,) = [message for message in emu.sent if message.photo is not None]
    assert stored.caption == "Riwayat" and stored.photo_size == (64, 32)
    with pytest.raises(BadRequest, match="Image_process_failed"):
        await bot.send_photo(42, b"not an image at all")
    with pytest.raises(BadRequest, match="Photo_invalid_dimensions"):
        await bot.send_photo(42, tiny_png(420, 20))
    with pytest.raises(BadRequest, match="no text in the message"):
        await bot.edit_message_text("x", chat_id=42, message_id=sent.message_id)
