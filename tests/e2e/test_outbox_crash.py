"""The README's promise for automatic messages, tested on a real process: "a crash or restart loses
nothing; only a message in flight can arrive twice". ``asnbot run`` is killed with SIGKILL in the middle
of a broadcast (no clean-up of any kind), then started again."""

from collections import Counter

from sqlalchemy import func, select

from bot.outbox_sender import SendLimits
from storage.models import OutboxMessage, OutboxState
from storage.services.outbox import enqueue
from tests.e2e.test_resilience import emulator, start_bot, stop, until  # noqa: F401 (fixture)
from tests.factories import add_linked_employees

RECIPIENTS = 240


def broadcast(emulator) -> list:  # noqa: F811 (the fixture, passed on)
    """The broadcast's messages among everything sent (the running bot also plans its own reminders)."""
    return [message for message in emulator.sent if message.text.startswith("Pengumuman untuk")]


async def test_sigkill_during_a_broadcast_loses_nothing_and_repeats_at_most_what_was_in_flight(
        emulator, uow, database_url, tmp_path):  # noqa: F811
    """Deliberate bug it caught: recording a message as sent *before* Telegram accepted it (the order of
    send and record swapped in ``OutboxSender._deliver``) lost the messages in flight at the kill."""
    employees = await add_linked_employees(uow, RECIPIENTS)
    for index in range(RECIPIENTS):
        emulator.user(10_000 + index)
    async with uow:
        for employee in employees:
            await enqueue(uow, employee_id=employee.id, kind="broadcast", reference="broadcast:1",
                          dedupe_key=f"broadcast:1:{employee.id}", text=f"<b>Pengumuman</b> untuk {employee.name}")
        await uow.commit()
    log = tmp_path / "bot.log"

    first = await start_bot(emulator, database_url, log)
    await until(lambda: len(broadcast(emulator)) >= 60, 60, "the broadcast to be under way")
    first.kill()
    await first.wait()
    sent_before_the_kill = len(broadcast(emulator))
    assert sent_before_the_kill < RECIPIENTS, "the kill came too late to test anything"

    second = await start_bot(emulator, database_url, log)
    try:
        await until(lambda: len({message.chat_id for message in broadcast(emulator)}) == RECIPIENTS, 60,
                    "every recipient to get the broadcast")
        await emulator.wait_idle(quiet=0.5, timeout=30)
    finally:
        assert await stop(second) == 0

    delivered = Counter(message.chat_id for message in broadcast(emulator))
    assert set(delivered) == {10_000 + index for index in range(RECIPIENTS)}
    duplicates = sum(delivered.values()) - RECIPIENTS
    assert duplicates <= SendLimits().max_in_flight, f"{duplicates} sent twice"
    async with uow:
        states = dict((await uow.session.execute(
            select(OutboxMessage.state, func.count()).where(OutboxMessage.reference == "broadcast:1")
            .group_by(OutboxMessage.state))).all())
    assert states == {OutboxState.SENT: RECIPIENTS}
