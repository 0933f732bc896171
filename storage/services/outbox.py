"""Queueing messages for the sender, inside the caller's unit of work (a transactional outbox).

Templates are gettext msgids rendered in the recipient's language when sent, so parameters are kept
as JSON: dates and datetimes are tagged here and turned back into objects for formatting.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any
from uuid import uuid4

from storage.models import Attachment, OutboxState
from storage.periods import Period, parse_period
from storage.problems import Html, Label, Messages
from storage.redaction import redact_error
from storage.rendered import Count, DaysAfterReceipt, DaysLeft, Nip, When
from storage.uow import UnitOfWork


@dataclass(frozen=True)
class OutboxButton:
    """An inline button; ``label`` is a msgid translated for the recipient."""

    label: str
    callback_data: str | None = None
    url: str | None = None

    def to_json(self) -> dict[str, str]:
        target = {"callback_data": self.callback_data} if self.callback_data else {"url": self.url}
        return {"label": self.label, **target}


async def enqueue(uow: UnitOfWork, *, employee_id: int | None = None, chat_id: int | None = None, kind: str,
                  dedupe_key: str, template: str | None = None, params: dict[str, Any] | None = None,
                  text: str | None = None, buttons: list[list[OutboxButton]] | None = None,
                  reference: str | None = None, not_before: datetime | None = None, attachment_id: int | None = None,
                  expires_at: datetime | None = None) -> bool:
    """Queue one message unless ``dedupe_key`` was queued before; return whether it was queued.

    Address it to exactly one of ``employee_id`` (sent to their linked account's chat) and ``chat_id`` (a
    private chat whose person is no linked employee: only a reply to what they just did, see :func:`queue_reply`).

    Give exactly one of ``template`` (HTML msgid with ``{named}`` fields filled from ``params``, which are
    data: text is escaped when rendered, dates and numbers are formatted for the reader) and ``text``
    (final HTML); with ``attachment_id`` that text is the document's caption. The caller commits, so the
    message exists if and only if the change that caused it does. A message still unsent at ``expires_at``
    is dropped: a reminder of an event that has begun would only mislead.
    """
    values = message_values(uow, employee_id=employee_id, chat_id=chat_id, kind=kind, dedupe_key=dedupe_key,
                            template=template, params=params, text=text, buttons=buttons, reference=reference,
                            not_before=not_before, attachment_id=attachment_id, expires_at=expires_at)
    return await uow.outbox.add(values)


async def enqueue_many(uow: UnitOfWork, messages: list[dict[str, Any]]) -> None:
    """Queue many messages (each built by :func:`message_values`) in one statement, skipping known dedupe keys:
    the reminder planner reaching a whole office at once."""
    await uow.outbox.add_many(messages)


async def queue_reply(uow: UnitOfWork, chat_id: int, text: str, buttons: list[list[OutboxButton]] | None, *,
                      answering: int | None) -> bool:
    """Queue a reply Telegram kept refusing (429) for the outbox to send when it may (at once, quiet hours or
    not: it answers what the person just did), and commit. A linked employee's private chat gets it as their
    message; the private chat of ``answering``, the user whose update is being handled, as a message to that
    chat (a stranger pressing Start, someone mid-linking). False for any other chat (a group): not queued."""
    account = await uow.accounts.get(chat_id)  # in a private chat the chat is the user
    if account is not None and account.employee_id is not None and account.chat_id == chat_id:
        addressee = {"employee_id": account.employee_id}
    elif chat_id == answering:
        addressee = {"chat_id": chat_id}
    else:
        return False
    await enqueue(uow, **addressee, kind="reply", dedupe_key=f"reply:{uuid4().hex}", text=text, buttons=buttons)
    await uow.commit()
    return True


def message_values(uow: UnitOfWork, *, employee_id: int | None = None, chat_id: int | None = None, kind: str,
                   dedupe_key: str, template: str | None = None, params: dict[str, Any] | None = None,
                   text: str | None = None, buttons: list[list[OutboxButton]] | None = None,
                   reference: str | None = None, not_before: datetime | None = None,
                   attachment_id: int | None = None, expires_at: datetime | None = None) -> dict[str, Any]:
    if (template is None) == (text is None):
        raise ValueError("give exactly one of template and text")
    if (employee_id is None) == (chat_id is None):
        raise ValueError("give exactly one of employee_id and chat_id")
    now = uow.clock()
    return dict(employee_id=employee_id, chat_id=chat_id, kind=kind, reference=reference, dedupe_key=dedupe_key,
                template=template, params=encode_params(params or {}), text=text,
                buttons=[[button.to_json() for button in row] for row in buttons] if buttons else None,
                not_before=not_before or now, state=OutboxState.PENDING.value, attempts=0, created_at=now,
                attachment_id=attachment_id, expires_at=expires_at)


RECEIPT_KINDS = ("appraisal.published", "appraisal.updated")  # delivered: the employee has received the result


@dataclass(frozen=True)
class Delivery:
    """One due message with what the sender needs to know about its recipient."""

    id: int
    employee_id: int | None  # None: a reply to a chat whose person is no linked employee
    kind: str
    reference: str | None
    expires_at: datetime | None
    attempts: int
    template: str | None
    params: dict[str, Any]
    text: str | None
    buttons: list | None
    attachment: Attachment | None
    telegram_user_id: int | None  # None: no account here (an employee not linked, most strangers)
    chat_id: int | None           # None: the employee has no linked Telegram account
    language: str | None
    blocked: bool

    def expired(self, now: datetime) -> bool:
        return self.expires_at is not None and now >= self.expires_at


async def due_deliveries(uow: UnitOfWork, limit: int, skip_chat_ids: Collection[int] = ()) -> list[Delivery]:
    """The oldest due messages, none to the chats in ``skip_chat_ids`` (just sent something: one a second each)."""
    rows = await uow.outbox.due(uow.clock(), limit, skip_chat_ids)
    return [Delivery(message.id, message.employee_id, message.kind, message.reference, message.expires_at,
                     message.attempts, message.template,
                     decode_params(message.params), message.text, message.buttons, attachment,
                     account.telegram_user_id if account else None, chat_id,
                     account.language if account else None, bool(account and account.blocked_at))
            for message, account, attachment, chat_id in rows]


async def claim(uow: UnitOfWork, delivery: Delivery) -> bool:
    """Take the message for sending right before the Bot API call: False if it is no longer pending (a
    broadcast cancelled after the batch was loaded), and then it is not sent."""
    claimed = await uow.outbox.move(delivery.id, OutboxState.PENDING, state=OutboxState.SENDING)
    await uow.commit()
    return claimed


async def requeue_interrupted(uow: UnitOfWork) -> int:
    """On becoming the sender: messages claimed by a sender that stopped before recording the outcome go out
    again (only these, which were in flight, can arrive twice)."""
    count = await uow.outbox.requeue_sending()
    await uow.commit()
    return count


async def record_sent(uow: UnitOfWork, delivery: Delivery, telegram_message_id: int, file_id: str | None) -> None:
    await _settle(uow, delivery, state=OutboxState.SENT, sent_at=uow.clock(), chat_id=delivery.chat_id,
                  telegram_message_id=telegram_message_id, attempts=delivery.attempts + 1,
                  last_error=None)  # an earlier attempt's trouble is no longer a problem
    if file_id and delivery.attachment and not delivery.attachment.telegram_file_id:
        await uow.outbox.remember_file_id(delivery.attachment.id, file_id)
    if delivery.kind in RECEIPT_KINDS:
        await uow.appraisals.mark_received(int(delivery.reference.split(":")[1]), uow.clock())
    await uow.commit()


async def record_undeliverable(uow: UnitOfWork, delivery: Delivery, state: OutboxState, error: str | None = None,
                               *, count_attempt: bool = True) -> None:
    """Final outcome short of sending: failed (Telegram's reason), blocked, unlinked or expired."""
    await _settle(uow, delivery, state=state, last_error=redact_error(error),
                  attempts=delivery.attempts + int(count_attempt))
    if state == OutboxState.BLOCKED and delivery.telegram_user_id is not None and not delivery.blocked:
        account = await uow.accounts.get(delivery.telegram_user_id)
        if account is not None and account.blocked_at is None:
            account.blocked_at = uow.clock()
    await uow.commit()


async def record_retry(uow: UnitOfWork, delivery: Delivery, error: str | None, retry_at: datetime, *,
                       count_attempt: bool = True) -> None:
    """Back to pending until ``retry_at``: a network error (counted), or Telegram asking everyone to wait."""
    await _settle(uow, delivery, state=OutboxState.PENDING, attempts=delivery.attempts + int(count_attempt),
                  last_error=redact_error(error), not_before=retry_at)
    await uow.commit()


async def _settle(uow: UnitOfWork, delivery: Delivery, **values: Any) -> None:
    """Record the outcome of a claimed message; one requeued meanwhile by a new sender is left to it."""
    await uow.outbox.move(delivery.id, OutboxState.SENDING, **values)


def messages_param(items: list[tuple[str, dict[str, Any]]]) -> dict[str, Any]:
    return {"$messages": [{"template": template, "params": encode_params(params)} for template, params in items]}


def encode_params(params: dict[str, Any]) -> dict[str, Any]:
    return {name: _encode(value) for name, value in params.items()}


def decode_params(params: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _decode(value) for name, value in (params or {}).items()}


def _encode(value: Any) -> Any:
    if isinstance(value, Label):
        return {"$label": value.msgid}
    if isinstance(value, Html):
        return {"$html": str(value)}
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    if isinstance(value, When):
        return {"$when": _encode(value.at)}
    if isinstance(value, DaysLeft):
        return {"$days_left": value.until.isoformat()}
    if isinstance(value, DaysAfterReceipt):
        return {"$after_receipt": [value.earliest.isoformat(), value.days]}
    if isinstance(value, Nip):
        return {"$nip": str(value)}
    if isinstance(value, Count):
        return {"$count": [value.count, value.singular, value.plural]}
    if isinstance(value, Period):
        return {"$period": value.code}
    return value


_TAGS = {
    "$label": Label,
    "$html": Html,
    "$datetime": datetime.fromisoformat,
    "$date": date.fromisoformat,
    "$when": lambda at: When(_decode(at)),
    "$days_left": lambda until: DaysLeft(date.fromisoformat(until)),
    "$after_receipt": lambda raw: DaysAfterReceipt(date.fromisoformat(raw[0]), raw[1]),
    "$nip": Nip,
    "$count": lambda raw: Count(*raw),
    "$period": parse_period,
}


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$messages" in value:
        return Messages(tuple((item["template"], decode_params(item["params"])) for item in value["$messages"]))
    if isinstance(value, dict) and len(value) == 1 and next(iter(value)) in _TAGS:
        tag, raw = next(iter(value.items()))
        return _TAGS[tag](raw)
    return value
