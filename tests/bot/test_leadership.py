"""Leadership between two instances over one database (real time, short leases), and jobs that only the
active instance runs."""

import asyncio
from datetime import timedelta
from types import SimpleNamespace

import pytest

from bot.context import utc_now
from bot.jobs import single_active
from bot.leadership import Leadership
from storage.db import create_session_factory


@pytest.fixture
def pair(engine):
    def instance() -> Leadership:
        return Leadership(create_session_factory(engine), utc_now, duration=timedelta(seconds=0.6), renew_every=0.1)

    return instance(), instance()


async def test_the_second_instance_waits_and_takes_over_when_the_first_stops_renewing(pair):
    first, second = pair
    await first.acquire()
    assert first.is_active
    keeping = asyncio.create_task(first.hold())
    waiting = asyncio.create_task(second.acquire())
    await asyncio.sleep(0.8)  # longer than the lease: renewals keep it
    assert not waiting.done() and not second.is_active

    keeping.cancel()  # the first one hangs (or its host dies): no more renewals, no release
    await asyncio.wait_for(waiting, 2)
    assert second.is_active and not first.is_active  # the first stood down on its own before the takeover


async def test_a_clean_stop_hands_over_at_once_and_the_old_holder_knows_it_lost(pair):
    first, second = pair
    await first.acquire()
    await first.release()
    await asyncio.wait_for(second.acquire(), 0.5)
    assert second.is_active
    await asyncio.wait_for(first.hold(), 1)  # returns: someone else holds the lease now
    assert not first.is_active


async def test_jobs_run_only_on_the_active_instance():
    runs = []

    @single_active
    async def job(context) -> None:
        runs.append(context)

    active, standby = (SimpleNamespace(application=SimpleNamespace(leadership=SimpleNamespace(is_active=flag)))
                       for flag in (True, False))
    await job(active)
    await job(standby)
    assert runs == [active]
