"""SQLAlchemy models of the whole product, one module per concept; Alembic migrations in
``storage/migrations`` follow them. All instants are stored in UTC (:class:`UTCDateTime`) and shown in WIB.
"""

from storage.models.accounts import ActivationCode, LinkFailure, TelegramAccount
from storage.models.appraisals import Appraisal, Objection, ObjectionState
from storage.models.audit import AuditEntry
from storage.models.base import Base, UTCDateTime
from storage.models.broadcasts import Broadcast, BroadcastAcknowledgement
from storage.models.career import CareerMilestone, GradeHistory, PostHistory
from storage.models.employees import Employee, EmployeeKind, Role, RoleGrant
from storage.models.outbox import Attachment, OutboxMessage, OutboxState
from storage.models.reminders import ReminderLog, ReminderMute, ReminderStage
from storage.models.rotations import Rotation
from storage.models.runtime import Lease, ReceivedUpdate
from storage.models.training_hours import JpCredit
from storage.models.workshops import (
    ACTIVE_STATES,
    SEATED_STATES,
    Enrolment,
    EnrolmentState,
    Workshop,
    WorkshopKind,
    WorkshopMode,
    WorkshopStatus,
)

__all__ = [
    "ACTIVE_STATES",
    "ActivationCode",
    "Appraisal",
    "Attachment",
    "AuditEntry",
    "Base",
    "Broadcast",
    "BroadcastAcknowledgement",
    "CareerMilestone",
    "Employee",
    "EmployeeKind",
    "Enrolment",
    "GradeHistory",
    "EnrolmentState",
    "JpCredit",
    "Lease",
    "LinkFailure",
    "Objection",
    "ObjectionState",
    "OutboxMessage",
    "OutboxState",
    "PostHistory",
    "ReceivedUpdate",
    "ReminderLog",
    "ReminderMute",
    "ReminderStage",
    "Role",
    "RoleGrant",
    "Rotation",
    "SEATED_STATES",
    "TelegramAccount",
    "UTCDateTime",
    "Workshop",
    "WorkshopKind",
    "WorkshopMode",
    "WorkshopStatus",
]
