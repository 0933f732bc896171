"""The update journal and the leases, on SQLite and PostgreSQL."""

from datetime import timedelta

from storage.services import leases, update_journal
from storage.services.health import health


def update(update_id: int, text: str = "/menu") -> dict:
    return {"update_id": update_id, "message": {"message_id": 1, "date": 0, "text": text,
                                                 "chat": {"id": 42, "type": "private"}}}


async def test_only_updates_not_seen_before_come_back_and_unhandled_ones_survive(uow, clock):
    async with uow:
        fresh = await update_journal.record(uow, [update(5), update(6, "Ω 👋")])
    assert [item["update_id"] for item in fresh] == [5, 6]
    async with uow:  # Telegram sends 6 again (we crashed before confirming it), and 7
        fresh = await update_journal.record(uow, [update(6), update(7)])
    assert [item["update_id"] for item in fresh] == [7]
    async with uow:
        await update_journal.mark_handled(uow, {5, 7})
    async with uow:
        assert await update_journal.unhandled(uow) == [update(6, "Ω 👋")]
        state = await health(uow)
    assert state.unhandled_updates == 1 and state.last_update_at == clock() and state.outbox_backlog == 0


async def test_handled_updates_are_forgotten_after_two_days_unhandled_ones_never(uow, clock):
    async with uow:
        await update_journal.record(uow, [update(1), update(2)])
    async with uow:
        await update_journal.mark_handled(uow, {1})
    clock.advance(days=2, minutes=1)
    async with uow:
        assert await update_journal.purge(uow) == 1
    async with uow:
        assert [item["update_id"] for item in await update_journal.unhandled(uow)] == [2]
        assert [item["update_id"] for item in await update_journal.record(uow, [update(1)])] == [1]


async def test_one_holder_at_a_time_until_the_lease_runs_out(uow, clock):
    minute = timedelta(seconds=10)
    async with uow:
        assert await leases.try_acquire(uow, "bot", "a", minute)
    async with uow:
        assert not await leases.try_acquire(uow, "bot", "b", minute)
    clock.advance(seconds=5)
    async with uow:
        assert await leases.renew(uow, "bot", "a", minute)  # until 09:00:15
    clock.advance(seconds=9)
    async with uow:
        assert not await leases.try_acquire(uow, "bot", "b", minute)
    clock.advance(seconds=2)  # a died: its lease ran out
    async with uow:
        assert await leases.try_acquire(uow, "bot", "b", minute)
    async with uow:
        assert not await leases.renew(uow, "bot", "a", minute)  # a comes back: it is not the active one
        assert (await leases.current(uow, "bot")).holder == "b"


async def test_a_released_lease_is_taken_over_at_once(uow, clock):
    async with uow:
        await leases.try_acquire(uow, "bot", "a", timedelta(seconds=10))
    async with uow:
        await leases.release(uow, "bot", "a")
    clock.advance(seconds=0.001)
    async with uow:
        assert await leases.try_acquire(uow, "bot", "b", timedelta(seconds=10))
