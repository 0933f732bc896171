"""Repositories: the queries the services need, one repository per aggregate (see ARCHITECTURE.md).

The unit of work makes each on first use; services call their methods and never the session."""

from storage.repositories.accounts import AccountRepository, CodeRepository
from storage.repositories.appraisals import AppraisalRepository, ObjectionRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.career import HistoryRepository, MilestoneRepository
from storage.repositories.career_requests import AspirationRepository, CorrectionRepository, TrainingTopicRepository
from storage.repositories.changes import ChangeRepository
from storage.repositories.days_off import DayOffRepository
from storage.repositories.employees import EmployeeRepository
from storage.repositories.outbox import AttachmentRepository, OutboxRepository
from storage.repositories.reminders import ReminderRepository
from storage.repositories.rotations import RotationRepository
from storage.repositories.runtime import LeaseRepository, UpdateJournalRepository
from storage.repositories.training_hours import JpCreditRepository
from storage.repositories.workshops import EnrolmentRepository, WorkshopRepository

__all__ = [
    "AccountRepository",
    "AppraisalRepository",
    "AspirationRepository",
    "AttachmentRepository",
    "AuditRepository",
    "BroadcastRepository",
    "ChangeRepository",
    "CodeRepository",
    "CorrectionRepository",
    "DayOffRepository",
    "EmployeeRepository",
    "EnrolmentRepository",
    "HistoryRepository",
    "JpCreditRepository",
    "LeaseRepository",
    "MilestoneRepository",
    "ObjectionRepository",
    "OutboxRepository",
    "ReminderRepository",
    "RotationRepository",
    "TrainingTopicRepository",
    "UpdateJournalRepository",
    "WorkshopRepository",
]
