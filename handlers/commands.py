"""The one list of slash commands: /bantuan's help text and the menu Telegram shows beside the text field are
both generated from it, so they cannot drift apart. Each command's handler is registered by its feature."""

from __future__ import annotations

from dataclasses import dataclass

from bot.i18n import Translator
from storage.problems import N_


@dataclass(frozen=True)
class Command:
    name: str  # what people type, without the slash (Indonesian; features also accept an English alias, and a
    # renamed command keeps its old name as an unlisted alias so habits and old messages still work)
    description: str  # untranslated msgid, short: Telegram shows it in the command menu
    hr_only: bool = False


COMMANDS = (
    Command("start", N_("Start and link your account")),
    Command("menu", N_("Main menu")),
    Command("karier", N_("My career: pangkat, KGB, pension")),
    Command("aspirasi", N_("My career aspirations")),
    Command("datasalah", N_("Report that my data is not right")),
    Command("nilai", N_("My appraisal result")),
    Command("keberatan", N_("My objections to appraisal results")),
    Command("pelatihan", N_("Training and workshops")),
    Command("pelatihansaya", N_("My training and JP this year")),
    Command("pengumuman", N_("Announcements I received")),
    Command("rotasi", N_("My rotation notices")),
    Command("pengaturan", N_("Language and account")),
    Command("lepastautan", N_("Unlink this Telegram account")),
    Command("batal", N_("Cancel what you are doing")),
    Command("bantuan", N_("Help")),
    Command("umumkan", N_("New announcement"), hr_only=True),
    Command("rotasi_pegawai", N_("Rotation notices and who has read them"), hr_only=True),
    Command("pegawai", N_("Find an employee"), hr_only=True),
    Command("kode", N_("Issue an activation code"), hr_only=True),
    Command("perencanaan", N_("Career planning and data corrections"), hr_only=True),
    Command("harilibur", N_("Days off and working days"), hr_only=True),
)


def menu_commands() -> list[Command]:
    """What Telegram's command menu lists: everyone sees it, so not the HR commands."""
    return [command for command in COMMANDS if not command.hr_only]


def command_lines(_: Translator, *, hr: bool) -> str:
    """``/nilai – My appraisal result`` lines for the help text, HR's commands in their own block for HR."""
    lines = [f"/{command.name} – {_(command.description)}" for command in menu_commands()]
    if hr:
        lines += ["", _("<b>For HR (Subbag Umum dan Kepegawaian)</b>")]
        lines += [f"/{command.name} – {_(command.description)}" for command in COMMANDS if command.hr_only]
    return "\n".join(lines)
