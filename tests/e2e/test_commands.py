"""/bantuan and Telegram's command menu come from one list, and every listed command is one the bot answers."""

from telegram.ext import CommandHandler, ConversationHandler

from handlers.commands import COMMANDS, menu_commands
from tests.factories import BUDI, SITI, add_employee, link_user, make_hr


def registered_commands(application) -> set[str]:
    found = set()
    for group in application.handlers.values():
        for handler in group:
            inner = [*handler.entry_points, *handler.fallbacks] if isinstance(handler, ConversationHandler) \
                else [handler]
            found |= {name for each in inner if isinstance(each, CommandHandler) for name in each.commands}
    return found


async def test_menu_and_help_list_every_command_the_bot_answers(app, emulator, uow):
    assert [command["command"] for command in emulator.commands[("default", "")]] == \
        [command.name for command in menu_commands()]
    assert {"pengumuman", "rotasi"} <= {command["command"] for command in emulator.commands[("default", "")]}
    assert {command.name for command in COMMANDS} <= registered_commands(app)

    await add_employee(uow, BUDI, "Budi Santoso")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, 500)
    await add_employee(uow, SITI, "Siti Aminah")
    await link_user(uow, SITI, 501)
    (hr_help,) = await emulator.user(500).send("/bantuan")
    (staff_help,) = await emulator.user(501).send("/bantuan")
    for command in COMMANDS:
        assert f"/{command.name} – " in hr_help.text, command
        assert (f"/{command.name} – " in staff_help.text) != command.hr_only, command
    assert "/pengumuman – Pengumuman yang saya terima" in staff_help.text
