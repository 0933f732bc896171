"""The intake between Telegram and PTB: journalled once, bounded backlog that reopens as updates finish."""

import asyncio

from bot.telegram.intake import UpdateIntake


def help_request(user, update_id: int) -> dict:
    fields = {"text": "/bantuan", "entities": [{"type": "bot_command", "offset": 0, "length": 8}]}
    return {"update_id": update_id, "message": user._new_message(user, fields)}


async def test_a_full_backlog_pauses_intake_until_updates_are_handled(app, emulator):
    intake = UpdateIntake(app, max_backlog=2)
    app.update_processor.on_done = intake.done
    users = [emulator.user(500 + n, first_name=f"Pegawai {n}") for n in range(3)]
    payloads = [help_request(user, 9000 + n) for n, user in enumerate(users)]

    assert await intake.admit(payloads) == 3
    assert not intake.has_room  # three handed over, two allowed: polling would wait here

    await asyncio.wait_for(intake.room(), 10)
    async with asyncio.timeout(10):
        while not (all(user.messages for user in users) and intake.outstanding == 0):
            await asyncio.sleep(0.02)
    assert intake.has_room and intake.outstanding == 0
    assert all("ASN Karier Plaju membantu" in user.messages[-1].text for user in users)

    assert await intake.admit(payloads) == 0  # fetched again after a lost confirmation: not handled twice
