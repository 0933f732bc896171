"""The pixel size of an uploaded photo, read from its header as Telegram does before accepting it."""

from __future__ import annotations

import struct

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_FRAMES = {0xC0, 0xC1, 0xC2, 0xC3, 0xC5, 0xC6, 0xC7, 0xC9, 0xCA, 0xCB, 0xCD, 0xCE, 0xCF}  # SOFn markers


def image_size(content: bytes) -> tuple[int, int] | None:
    """(width, height) of a PNG or JPEG image; None for anything else (Telegram: IMAGE_PROCESS_FAILED)."""
    if content.startswith(_PNG_SIGNATURE) and content[12:16] == b"IHDR" and len(content) >= 24:
        width, height = struct.unpack(">II", content[16:24])
        return (width, height) if width and height else None
    if content.startswith(b"\xff\xd8"):
        return _jpeg_size(content)
    return None


def _jpeg_size(content: bytes) -> tuple[int, int] | None:
    offset = 2
    while offset + 9 <= len(content) and content[offset] == 0xFF:
        marker = content[offset + 1]
        (length,) = struct.unpack(">H", content[offset + 2:offset + 4])
        if marker in _JPEG_FRAMES:
            height, width = struct.unpack(">HH", content[offset + 5:offset + 9])
            return (width, height) if width and height else None
        offset += 2 + length
    return None
