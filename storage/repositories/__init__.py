"""Repositories: the queries the services need, one module per concept."""

from storage.repositories.accounts import AccountRepository, CodeRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.employees import EmployeeRepository
from storage.repositories.outbox import OutboxRepository
from storage.repositories.runtime import LeaseRepository, UpdateJournalRepository

__all__ = ["AccountRepository", "AuditRepository", "CodeRepository", "EmployeeRepository", "LeaseRepository",
           "OutboxRepository", "UpdateJournalRepository"]
