"""SQLAlchemy models of the whole product, one module per concept; Alembic migrations in
``storage/migrations`` follow them. All instants are stored in UTC (:class:`UTCDateTime`) and shown in WIB.
"""

from storage.models.accounts import ActivationCode, LinkFailure, TelegramAccount
from storage.models.appraisals import Appraisal, Objection, ObjectionState
from storage.models.audit import AuditEntry
from storage.models.base import Base, UTCDateTime
from storage.models.employees import Employee, EmployeeKind, Role, RoleGrant
from storage.models.outbox import OutboxMessage, OutboxState

__all__ = ["ActivationCode", "Appraisal", "AuditEntry", "Base", "Employee", "EmployeeKind", "LinkFailure", "Objection",
           "ObjectionState", "OutboxMessage", "OutboxState", "Role", "RoleGrant", "TelegramAccount", "UTCDateTime"]
