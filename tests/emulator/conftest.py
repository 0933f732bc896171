"""A tiny PTB bot run against the emulator, as the real bot would be."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

import pytest
import pytest_asyncio
from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.emulator import BotApiEmulator

TOKEN = "123:TEST"
DOC_CONTENT = b"isi laporan kinerja"


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [
            [InlineKeyboardButton("Bantuan", callback_data="menu:help")],
            [InlineKeyboardButton("Situs", url="https://example.org")],
        ]
    )
    await update.effective_message.reply_text("Selamat datang", reply_markup=keyboard)


async def long_data(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton("Terlalu panjang", callback_data="x" * 65)]]
    )
    await update.effective_message.reply_text("Tidak akan terkirim", reply_markup=keyboard)


async def send_doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_document(
        DOC_CONTENT, filename="laporan.txt", caption="<b>Laporan</b>", parse_mode="HTML"
    )


async def echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(update.effective_message.text)


async def receive_doc(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    document = update.effective_message.document
    content = await (await document.get_file()).download_as_bytearray()
    await update.effective_message.reply_text(f"diterima {document.file_name}: {content.decode()}")


async def receive_photo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    largest = update.effective_message.photo[-1]
    try:
        content = await (await largest.get_file()).download_as_bytearray()
    except BadRequest as error:
        await update.effective_message.reply_text(f"gagal: {error.message}")
        return
    await update.effective_message.reply_text(f"foto {largest.width}x{largest.height}: {len(content)} byte")


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    await query.answer(f"ok {query.data}")
    await query.edit_message_text(f"Dipilih: {query.data}")


async def record_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    context.bot_data.setdefault("errors", []).append(context.error)


def build_app(emu: BotApiEmulator) -> Application:
    app = (
        ApplicationBuilder()
        .token(emu.token)
        .base_url(emu.base_url)
        .base_file_url(emu.base_file_url)
        .build()
    )
    app.add_handler(CommandHandler("start", start))
    app.add_handler(CommandHandler("long", long_data))
    app.add_handler(CommandHandler("doc", send_doc))
    app.add_handler(MessageHandler(filters.Document.ALL, receive_doc))
    app.add_handler(MessageHandler(filters.PHOTO, receive_photo))
    app.add_handler(MessageHandler(filters.TEXT & ~filters.COMMAND, echo))
    app.add_handler(CallbackQueryHandler(button))
    app.add_error_handler(record_error)
    return app


@contextlib.asynccontextmanager
async def run_bot(emu: BotApiEmulator, *, polling: bool = True) -> AsyncIterator[Application]:
    """Run the test bot against ``emu`` with long polling, as the production bot runs."""
    async with build_app(emu) as app:
        if not polling:
            yield app
            return
        await app.start()
        await app.updater.start_polling(poll_interval=0, timeout=1)
        try:
            yield app
        finally:
            await app.updater.stop()
            await app.stop()


@pytest.fixture
def bot_runner() -> Callable[..., contextlib.AbstractAsyncContextManager[Application]]:
    """``async with bot_runner(emu, polling=...) as app`` for tests that need their own emulator."""
    return run_bot


@pytest_asyncio.fixture
async def emu() -> AsyncIterator[BotApiEmulator]:
    async with BotApiEmulator(token=TOKEN, bot_username="asn_karier_bot", bot_id=123) as emulator:
        yield emulator


@pytest_asyncio.fixture
async def app(emu: BotApiEmulator) -> AsyncIterator[Application]:
    """The test bot, polling."""
    async with run_bot(emu) as application:
        yield application


@pytest_asyncio.fixture
async def idle_app(emu: BotApiEmulator) -> AsyncIterator[Application]:
    """The test bot, initialized but not polling (for raw getUpdates tests)."""
    async with run_bot(emu, polling=False) as application:
        yield application
