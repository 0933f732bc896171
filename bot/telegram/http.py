"""PTB's ``BaseRequest`` on aiohttp: the HTTP client behind every Bot API call.

Profiling a busy bot showed PTB's default client (httpx/httpcore) spending most of its CPU choosing a
connection: its pool re-scans every connection and every queued request on each state change, and keeps
only 20 connections alive, so under concurrency it opens and closes TCP connections all the time.
aiohttp's connector hands out keep-alive connections in constant time and parses HTTP in C.
"""

from __future__ import annotations

import json
from typing import Any

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData

from storage.redaction import redact


class AiohttpRequest(BaseRequest):
    """Keep-alive connections, at most ``pool_size`` at once; requests beyond that wait ``pool_timeout``."""

    def __init__(self, pool_size: int, *, read_timeout: float = 5.0, connect_timeout: float = 5.0,
                 pool_timeout: float = 10.0, media_timeout: float = 60.0, keepalive: float = 60.0) -> None:
        self.pool_size = pool_size
        self._read_timeout = read_timeout
        self._connect_timeout = connect_timeout
        self._pool_timeout = pool_timeout
        self._media_timeout = media_timeout
        self._keepalive = keepalive
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self.pool_size, limit_per_host=0, keepalive_timeout=self._keepalive,
                                             ttl_dns_cache=300)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT},
                                                  skip_auto_headers=("Accept-Encoding",))

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(self, url: str, method: str, request_data: RequestData | None = None,
                         read_timeout: Any = BaseRequest.DEFAULT_NONE, write_timeout: Any = BaseRequest.DEFAULT_NONE,
                         connect_timeout: Any = BaseRequest.DEFAULT_NONE,
                         pool_timeout: Any = BaseRequest.DEFAULT_NONE) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        uploads = request_data.multipart_data if request_data else None
        read = _given(read_timeout, self._read_timeout)
        if uploads:  # an upload has to write the whole file before Telegram answers
            read = max(read or 0, _given(write_timeout, self._media_timeout) or 0)
        timeout = aiohttp.ClientTimeout(connect=_given(pool_timeout, self._pool_timeout),
                                        sock_connect=_given(connect_timeout, self._connect_timeout), sock_read=read)
        body, headers = _payload(request_data, uploads)
        try:
            async with self._session.request(method, url, data=body, headers=headers, timeout=timeout) as response:
                return response.status, await response.read()
        except (TimeoutError, aiohttp.ServerTimeoutError) as error:
            raise TimedOut(redact(f"Timed out talking to Telegram: {error!r}")) from error
        except aiohttp.ClientError as error:  # aiohttp quotes the URL, token and all, in some of these
            raise NetworkError(redact(f"aiohttp.{type(error).__name__}: {error}")) from error


def _given(value: Any, default: float | None) -> float | None:
    """PTB passes DEFAULT_NONE for "use the default", and None for "no limit"."""
    return default if isinstance(value, DefaultValue) else value


_JSON = {"Content-Type": "application/json"}


def _payload(request_data: RequestData | None, uploads: dict | None) -> tuple[Any, dict[str, str] | None]:
    """Body and headers: one JSON document, which Telegram accepts and which costs a fraction of URL-encoding
    every field; multipart form fields (non-strings as JSON, as PTB encodes them) when there are files."""
    if request_data is None:
        return None, None
    if not uploads:
        return json.dumps(request_data.parameters, ensure_ascii=False).encode(), _JSON
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, upload in uploads.items():
        filename, content, mime_type = upload
        form.add_field(name, content, filename=filename, content_type=mime_type)
    return form, None
