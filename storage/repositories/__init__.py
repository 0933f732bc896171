"""Repositories: the queries the services need, one module per concept."""

from storage.repositories.accounts import AccountRepository, CodeRepository
from storage.repositories.appraisals import AppraisalRepository, ObjectionRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.broadcasts import BroadcastRepository
from storage.repositories.career_requests import AspirationRepository, CorrectionRepository, TrainingTopicRepository
from storage.repositories.employees import EmployeeRepository
from storage.repositories.outbox import AttachmentRepository, OutboxRepository
from storage.repositories.reminders import ReminderRepository
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
    "CodeRepository",
    "CorrectionRepository",
    "EmployeeRepository",
    "EnrolmentRepository",
    "JpCreditRepository",
    "LeaseRepository",
    "ObjectionRepository",
    "OutboxRepository",
    "ReminderRepository",
    "TrainingTopicRepository",
    "UpdateJournalRepository",
    "WorkshopRepository",
]
