"""A local Telegram Bot API emulator for driving the real PTB Application in tests.

Start a ``BotApiEmulator``, point ``ApplicationBuilder().base_url(...)`` and
``.base_file_url(...)`` at it, and act as users through ``emu.user(...)``.
Self-contained apart from the Telegram HTML parser it shares with the bot (bot.telegram.html).
"""

from bot.telegram.html import EntityParseError, parse_html, utf16_len

from .chats import SimChat, SimGroup, SimUser
from .limits import RateLimits
from .models import ApiCall, BotEvent, CallbackAnswer, SentMessage, StoredFile
from .server import BotApiEmulator

__all__ = [
    "ApiCall",
    "BotApiEmulator",
    "BotEvent",
    "CallbackAnswer",
    "EntityParseError",
    "RateLimits",
    "SentMessage",
    "SimChat",
    "SimGroup",
    "SimUser",
    "StoredFile",
    "parse_html",
    "utf16_len",
]
