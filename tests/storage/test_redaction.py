"""The secret scrubber: tokens and database passwords out of log records, tracebacks and error texts."""

import logging

import pytest

from bot.config import Settings
from storage.redaction import MASK, install_log_redaction, protect, redact, redact_error

PASSWORD = "S3cr@t/Pw-h13a"
DATABASE_URL = "postgresql+asyncpg://asnbot:S3cr%40t%2FPw-h13a@127.0.0.1/asnbot"


@pytest.fixture(autouse=True, scope="module")
def protected():
    protect(Settings(database_url=DATABASE_URL, telegram_bot_token="42:unknown-shape").secrets)


def test_database_password_is_masked_as_typed_and_as_decoded():
    assert Settings(database_url=DATABASE_URL).secrets[-2:] == ("S3cr%40t%2FPw-h13a", PASSWORD)
    text = f"could not connect to {DATABASE_URL} with password {PASSWORD}"
    assert redact(text) == f"could not connect to postgresql+asyncpg://asnbot:{MASK}@127.0.0.1/asnbot with " \
                           f"password {MASK}"


def test_registered_secrets_and_anything_shaped_like_a_bot_token_are_masked():
    assert redact("GET /bot42:unknown-shape/getMe") == f"GET /bot{MASK}/getMe"
    assert redact("https://api.telegram.org/bot1234567890:AAHdqTcvCH1vGWJxfSeofSAs0K5PALDsaw/x") == \
        f"https://api.telegram.org/bot{MASK}/x"
    assert redact("Apel pagi pukul 07:30, 12345:pendek") == "Apel pagi pukul 07:30, 12345:pendek"
    assert redact_error(None) is None and redact_error(ValueError(PASSWORD)) == MASK


def test_log_records_and_their_tracebacks_are_scrubbed(caplog):
    install_log_redaction()
    install_log_redaction()  # installing twice scrubs once
    try:
        raise ConnectionError(f"Connection timeout to host http://x/bot42:unknown-shape/getMe ({PASSWORD})")
    except ConnectionError:
        logging.getLogger("test").exception("polling failed for %s", DATABASE_URL)
    (record,) = caplog.records
    text = caplog.text
    assert "unknown-shape" not in text and PASSWORD not in text and "S3cr%40t" not in text
    assert record.getMessage() == f"polling failed for postgresql+asyncpg://asnbot:{MASK}@127.0.0.1/asnbot"
    assert f"Connection timeout to host http://x/bot{MASK}/getMe" in text


def test_a_log_call_with_arguments_that_do_not_fit_is_still_scrubbed_and_never_raises(caplog):
    install_log_redaction()
    logging.getLogger("test").warning("two fields %s %s, one argument", PASSWORD)
    assert PASSWORD not in caplog.text and MASK in caplog.text
