"""The update processor: chats in parallel, one chat in order, bounded, button presses first."""

import asyncio

from telegram import Update

from bot.telegram.processing import HANDLING_UPDATE, ChatOrderedProcessor, Slots, slot_lent_out


def message(update_id: int, chat_id: int) -> Update:
    return Update.de_json({"update_id": update_id, "message": {
        "message_id": update_id, "date": 0, "text": "hi", "chat": {"id": chat_id, "type": "private"},
        "from": {"id": chat_id, "is_bot": False, "first_name": "A"}}}, None)


def press(update_id: int, chat_id: int) -> Update:
    user = {"id": chat_id, "is_bot": False, "first_name": "A"}
    return Update.de_json({"update_id": update_id, "callback_query": {
        "id": str(update_id), "from": user, "chat_instance": "1", "data": "x", "message": {
            "message_id": 1, "date": 0, "text": "menu", "chat": {"id": chat_id, "type": "private"}}}}, None)


class Recorder:
    """Handles updates slowly, writing down when each started and ended."""

    def __init__(self) -> None:
        self.log: list[tuple[str, int]] = []
        self.running = 0
        self.most = 0

    async def handle(self, update: Update, seconds: float = 0.05) -> None:
        assert HANDLING_UPDATE.get()  # its Bot API calls count as replies to a waiting person
        self.running += 1
        self.most = max(self.most, self.running)
        self.log.append(("start", update.update_id))
        await asyncio.sleep(seconds)
        self.log.append(("end", update.update_id))
        self.running -= 1


async def feed(processor, recorder, updates):
    """As PTB does: one task per update, created in arrival order."""
    tasks = [asyncio.create_task(processor.process_update(update, recorder.handle(update))) for update in updates]
    await asyncio.gather(*tasks)


async def test_one_chat_in_order_other_chats_in_parallel():
    processor, recorder = ChatOrderedProcessor(8), Recorder()
    await feed(processor, recorder, [message(1, 10), message(2, 10), message(3, 20), message(4, 10)])
    starts = [update_id for event, update_id in recorder.log if event == "start"]
    chat_10 = [event for event in recorder.log if event[1] in (1, 2, 4)]
    assert chat_10 == [("start", 1), ("end", 1), ("start", 2), ("end", 2), ("start", 4), ("end", 4)]
    assert starts.index(3) == 1  # chat 20 did not wait for chat 10


async def test_at_most_the_limit_and_a_waiting_chat_holds_no_slot():
    processor, recorder = ChatOrderedProcessor(2), Recorder()
    done = []
    processor.on_done = lambda update: done.append(update.update_id)
    # chat 10 has a queue of three; chats 20 and 30 must not wait behind its queued updates
    await feed(processor, recorder, [message(1, 10), message(2, 10), message(3, 10), message(4, 20),
                                     message(5, 30)])
    assert recorder.most == 2
    starts = [update_id for event, update_id in recorder.log if event == "start"]
    assert starts.index(4) < starts.index(2) and starts.index(5) < starts.index(3)
    assert sorted(done) == [1, 2, 3, 4, 5]


async def test_button_presses_take_a_free_slot_before_waiting_messages():
    processor, recorder = ChatOrderedProcessor(1), Recorder()
    await feed(processor, recorder, [message(1, 10), message(2, 20), message(3, 30), press(4, 40)])
    starts = [update_id for event, update_id in recorder.log if event == "start"]
    assert starts == [1, 4, 2, 3]


async def test_a_failing_update_does_not_stop_its_chat_and_counts_as_done():
    processor, recorder = ChatOrderedProcessor(4), Recorder()
    done = []
    processor.on_done = lambda update: done.append(update.update_id)

    async def fail():
        raise RuntimeError("boom")

    first = asyncio.create_task(processor.process_update(message(1, 10), fail()))
    second = asyncio.create_task(processor.process_update(message(2, 10), recorder.handle(message(2, 10))))
    assert isinstance((await asyncio.gather(first, second, return_exceptions=True))[0], RuntimeError)
    assert recorder.log == [("start", 2), ("end", 2)]
    assert done == [1, 2]


async def test_an_update_waiting_for_telegrams_pace_lends_its_slot():
    processor, recorder = ChatOrderedProcessor(1), Recorder()

    async def waits_for_its_turn_to_send():
        recorder.log.append(("start", 1))
        async with slot_lent_out():
            await asyncio.sleep(0.1)
        recorder.log.append(("end", 1))

    first = asyncio.create_task(processor.process_update(message(1, 10), waits_for_its_turn_to_send()))
    second = asyncio.create_task(processor.process_update(message(2, 20), recorder.handle(message(2, 20), 0.01)))
    await asyncio.gather(first, second)
    assert recorder.log == [("start", 1), ("start", 2), ("end", 2), ("end", 1)]
    assert processor.running == 0


async def test_stopping_begins_nothing_more_finishes_what_runs_and_cuts_off_what_hangs():
    """Waiting updates are dropped and one arriving later is not begun (none counts as done, so all stay
    unhandled in the journal); one being handled finishes; one still running after the grace is cut off."""
    processor, recorder = ChatOrderedProcessor(2), Recorder()
    done = []
    processor.on_done = lambda update: done.append(update.update_id)
    finishing, hanging = asyncio.Event(), asyncio.Event()

    async def finishes_when_told():
        recorder.log.append(("start", 1))
        await finishing.wait()
        recorder.log.append(("end", 1))

    async def never_finishes():
        recorder.log.append(("start", 2))
        await hanging.wait()

    tasks = [asyncio.create_task(processor.process_update(message(1, 10), finishes_when_told())),
             asyncio.create_task(processor.process_update(message(2, 20), never_finishes())),
             asyncio.create_task(processor.process_update(message(3, 10), recorder.handle(message(3, 10)))),
             asyncio.create_task(processor.process_update(message(4, 30), recorder.handle(message(4, 30))))]
    while processor.running < 2:
        await asyncio.sleep(0)
    stopping = asyncio.create_task(processor.stop_taking(grace=0.05))
    await asyncio.sleep(0)
    finishing.set()
    await stopping
    late = message(5, 40)
    await processor.process_update(late, recorder.handle(late))
    await asyncio.gather(*tasks, return_exceptions=True)
    assert recorder.log == [("start", 1), ("start", 2), ("end", 1)]
    assert done == [1]
    assert processor.running == 0


async def test_no_more_updates_begin_than_the_unmarked_bound_until_marks_are_committed():
    """What a crash repeats is bounded: updates count from their start until the journal releases them.
    Caught: the place given back when the update finishes rather than when the journal has marked it."""
    processor, recorder = ChatOrderedProcessor(8), Recorder()
    processor.unmarked = Slots(2)
    tasks = [asyncio.create_task(processor.process_update(update, recorder.handle(update, 0.01)))
             for update in [message(1, 10), message(2, 20), message(3, 30)]]
    await asyncio.sleep(0.2)
    assert [update_id for event, update_id in recorder.log if event == "start"] == [1, 2]
    processor.unmarked.release()  # the journal committed one mark
    await asyncio.gather(*tasks)
    assert ("end", 3) in recorder.log


async def test_an_update_waiting_for_telegrams_pace_lends_its_place_among_the_unmarked():
    """A burst of presses whose screens wait for the pace must all begin (and be answered) within Telegram's
    15 s, however low the bound on unmarked updates. Caught: lending the processing slot but keeping the place
    among the unmarked (a press burst under the 30/s limit left 1,335 of 2,000 presses unanswered)."""
    processor, recorder = ChatOrderedProcessor(1), Recorder()
    processor.unmarked = Slots(1)
    turn = asyncio.Event()

    async def waits_for_its_turn_to_send():
        recorder.log.append(("start", 1))
        async with slot_lent_out():
            await turn.wait()
        recorder.log.append(("end", 1))

    first = asyncio.create_task(processor.process_update(message(1, 10), waits_for_its_turn_to_send()))
    second = asyncio.create_task(processor.process_update(press(2, 20), recorder.handle(press(2, 20), 0.01)))
    await asyncio.wait_for(second, 2)  # began and finished while the first waits
    processor.unmarked.release()  # the second's mark committed
    turn.set()
    await asyncio.wait_for(first, 2)
    assert recorder.log == [("start", 1), ("start", 2), ("end", 2), ("end", 1)]


async def test_a_slot_taken_beyond_the_size_is_paid_back_before_anyone_waiting_gets_one():
    """Caught: a release handing the slot to a waiter while the pool is over-subscribed (the bound on unmarked
    updates would stay exceeded for good)."""
    slots = Slots(1)
    await slots.acquire(urgent=False)
    slots.take()  # one more, beyond the size
    waiter = asyncio.create_task(slots.acquire(urgent=True))
    await asyncio.sleep(0)  # it waits in line
    slots.release()
    await asyncio.sleep(0.01)
    assert not waiter.done()
    slots.release()
    await asyncio.wait_for(waiter, 1)
