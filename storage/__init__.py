"""Persistence and business rules; knows nothing about Telegram."""
