"""SQLAlchemy models of the whole product, one module per concept; Alembic migrations in
``storage/migrations`` follow them. All instants are stored in UTC (:class:`UTCDateTime`) and shown in WIB.
"""

from storage.models.accounts import ActivationCode, LinkFailure, TelegramAccount
from storage.models.audit import AuditEntry
from storage.models.base import Base, UTCDateTime
from storage.models.broadcasts import Broadcast, BroadcastAcknowledgement
from storage.models.employees import Employee, EmployeeKind, Role, RoleGrant
from storage.models.outbox import Attachment, OutboxMessage, OutboxState
from storage.models.rotations import Rotation
from storage.models.runtime import Lease, ReceivedUpdate

__all__ = [
    "ActivationCode", "Attachment", "AuditEntry", "Base", "Broadcast", "BroadcastAcknowledgement", "Employee",
    "EmployeeKind", "Lease", "LinkFailure", "OutboxMessage", "OutboxState", "ReceivedUpdate", "Role", "RoleGrant",
    "Rotation", "TelegramAccount", "UTCDateTime",
]
