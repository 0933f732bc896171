"""Queueing messages for the sender, inside the caller's unit of work (a transactional outbox).

Templates are gettext msgids rendered in the recipient's language when sent, so parameters are kept
as JSON: dates and datetimes are tagged here and turned back into objects for formatting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy.dialects import postgresql, sqlite

from storage.models import OutboxMessage, OutboxState
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


async def enqueue(uow: UnitOfWork, *, employee_id: int, kind: str, dedupe_key: str, template: str | None = None,
                  params: dict[str, Any] | None = None, text: str | None = None,
                  buttons: list[list[OutboxButton]] | None = None, reference: str | None = None,
                  not_before: datetime | None = None) -> bool:
    """Queue one message unless ``dedupe_key`` was queued before; return whether it was queued.

    Give exactly one of ``template`` (msgid with ``{named}`` fields filled from ``params``) and ``text``
    (final HTML). The caller commits, so the message exists if and only if the change that caused it does.
    """
    if (template is None) == (text is None):
        raise ValueError("give exactly one of template and text")
    now = uow.clock()
    values = dict(employee_id=employee_id, kind=kind, reference=reference, dedupe_key=dedupe_key, template=template,
                  params=encode_params(params or {}), text=text,
                  buttons=[[button.to_json() for button in row] for row in buttons] if buttons else None,
                  not_before=not_before or now, state=OutboxState.PENDING.value, attempts=0, created_at=now)
    dialect = postgresql if uow.session.bind.dialect.name == "postgresql" else sqlite
    statement = dialect.insert(OutboxMessage).values(**values).on_conflict_do_nothing(index_elements=["dedupe_key"])
    result = await uow.session.execute(statement)
    return result.rowcount == 1


def encode_params(params: dict[str, Any]) -> dict[str, Any]:
    return {name: _encode(value) for name, value in params.items()}


def decode_params(params: dict[str, Any] | None) -> dict[str, Any]:
    return {name: _decode(value) for name, value in (params or {}).items()}


def _encode(value: Any) -> Any:
    if isinstance(value, datetime):
        return {"$datetime": value.isoformat()}
    if isinstance(value, date):
        return {"$date": value.isoformat()}
    return value


def _decode(value: Any) -> Any:
    if isinstance(value, dict) and "$datetime" in value:
        return datetime.fromisoformat(value["$datetime"])
    if isinstance(value, dict) and "$date" in value:
        return date.fromisoformat(value["$date"])
    return value
