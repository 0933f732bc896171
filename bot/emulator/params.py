"""Decoding Bot API request parameters from the encodings Telegram accepts.

PTB posts form data (multipart when uploading) in which strings are sent raw
and every other value is JSON-encoded, so form values are JSON-decoded unless
the parameter is one that is always a string (a text "123" must stay a string).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

from .models import bad_request

__all__ = ["UploadedFile", "read_params"]

_STRING_PARAMS = frozenset(
    {
        "text",
        "caption",
        "parse_mode",
        "callback_query_id",
        "inline_message_id",
        "url",
        "action",
        "file_id",
        "document",
        "photo",
        "language_code",
        "secret_token",
        "business_connection_id",
        "message_effect_id",
    }
)


@dataclass(frozen=True)
class UploadedFile:
    """A file part of a multipart request."""

    filename: str
    content: bytes
    mime_type: str | None


def _decode(name: str, raw: str) -> Any:
    if name in _STRING_PARAMS:
        return raw
    try:
        return json.loads(raw)
    except ValueError:
        return raw


async def read_params(request: web.Request) -> dict[str, Any]:
    """Merge query-string and body parameters (JSON, urlencoded or multipart)."""
    params: dict[str, Any] = {name: _decode(name, value) for name, value in request.query.items()}
    if not request.body_exists:
        return params
    if request.content_type == "application/json":
        try:
            body = await request.json()
        except ValueError as error:
            raise bad_request("can't parse JSON object") from error
        if not isinstance(body, dict):
            raise bad_request("can't parse JSON object")
        return params | body
    for name, value in (await request.post()).items():
        if isinstance(value, web.FileField):
            params[name] = UploadedFile(value.filename, value.file.read(), value.content_type)
        else:
            params[name] = _decode(name, str(value))
    return params
