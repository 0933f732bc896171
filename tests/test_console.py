"""``asnbot`` without a token opens the console: the first thing ``scripts/run`` shows. Driven here as a person
would, through a pipe: load the demo, link with a printed code, press a numbered button, quit."""

import asyncio
import os
import re
import sys
from pathlib import Path

from bot.config import Settings
from bot.console import describe
from bot.emulator.models import SentMessage, StoredFile
from bot.i18n import I18n

ROOT = Path(__file__).resolve().parents[1]


class Console:
    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.output = ""

    async def read_until(self, pattern: str, timeout: float = 30) -> re.Match:
        async def read() -> re.Match:
            while not (found := re.search(pattern, self.output)):
                chunk = await self.process.stdout.read(4096)
                assert chunk, f"the console ended before {pattern!r}:\n{self.output}"
                self.output += chunk.decode()
            return found
        try:
            return await asyncio.wait_for(read(), timeout)
        except TimeoutError:
            raise AssertionError(f"no {pattern!r} in:\n{self.output}") from None

    async def settle(self, quiet: float = 2.0) -> None:
        """Read until nothing more arrives for ``quiet`` seconds."""
        while True:
            try:
                chunk = await asyncio.wait_for(self.process.stdout.read(4096), quiet)
            except TimeoutError:
                return
            self.output += chunk.decode()

    async def type(self, line: str) -> None:
        self.process.stdin.write(f"{line}\n".encode())
        await self.process.stdin.drain()


async def test_a_new_user_links_with_a_demo_code_and_opens_the_menu_without_log_lines(tmp_path):
    """Deliberate bug caught: the console's log lines left on the terminal (``_log_to_file`` not called) put
    "INFO alembic..." into the chat, as the usability review saw."""
    env = {**os.environ, "DATABASE_URL": f"sqlite+aiosqlite:///{tmp_path / 'console.db'}", "PYTHONUNBUFFERED": "1",
           "TMPDIR": str(tmp_path)}
    env.pop("TELEGRAM_BOT_TOKEN", None)
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=ROOT, env=env, stdin=asyncio.subprocess.PIPE,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT)
    console = Console(process)
    try:
        await console.read_until(r"\[y/N\]")
        await console.type("y")
        nip, code = (await console.read_until(r"(198503152010011001)\s+(\S+)")).groups()
        await console.read_until(r"ketik NIP Anda")  # /start, as a new Telegram user's first tap
        await console.type(nip)
        await console.read_until(r"(?i)kode aktivasi")
        await console.type(code)
        await console.read_until(r"sudah terhubung")
        await console.settle()  # a reminder due for the new user may follow; the menu must be the last screen
        await console.type("/menu")
        help_button = await console.read_until(r"Menu utama[^>]*\[(\d+)\] ❓ Bantuan")
        await console.type(help_button.group(1))
        await console.read_until(r"Cara memulai")
        await console.type("/keluar")
        assert await asyncio.wait_for(process.wait(), 30) == 0
    finally:
        if process.returncode is None:
            process.kill()
            await process.wait()
    assert not re.search(r"\b(INFO|WARNING|ERROR)\b", console.output), console.output
    assert "None" not in console.output
    assert (tmp_path / "asnbot-console.log").read_text().count("INFO") > 0


def test_a_file_is_shown_by_name_and_size_and_saved(tmp_path, monkeypatch):
    """Deliberate bug caught: a document printed through its (empty) text showed as "bot: None"."""
    monkeypatch.setattr("bot.console.FILES_DIR", tmp_path / "files")
    _ = I18n(Settings().timezone, "id").translator("id")
    content = b"BEGIN:VCALENDAR\r\n" * 200
    message = SentMessage(message_id=1, chat_id=1, date=0, caption="Tambahkan ke kalender Anda.",
                          document=StoredFile("f1", "u1", "pelatihan.ics", content, "text/calendar"))
    shown = describe(message, _)
    assert shown.startswith("📎 pelatihan.ics (3,3 KB)")
    assert shown.endswith("Tambahkan ke kalender Anda.")
    assert (tmp_path / "files" / "pelatihan.ics").read_bytes() == content
