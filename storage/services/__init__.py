"""Business rules as plain async functions over a unit of work; no Telegram here."""
