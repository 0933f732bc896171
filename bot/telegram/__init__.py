"""Telegram transport: the Bot API over HTTP, its flood limits, replies that skip parsing the answer, Telegram
HTML, and taking updates in (long polling or webhook, through the update journal) and processing them in chat
order. Nothing here knows the bot's screens or business rules; the layers above use it (see ARCHITECTURE.md)."""
