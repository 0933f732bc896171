"""Repositories: the queries the services need, one module per concept."""

from storage.repositories.accounts import AccountRepository, CodeRepository
from storage.repositories.appraisals import AppraisalRepository, ObjectionRepository
from storage.repositories.audit import AuditRepository
from storage.repositories.employees import EmployeeRepository

__all__ = ["AccountRepository", "AppraisalRepository", "AuditRepository", "CodeRepository", "EmployeeRepository",
           "ObjectionRepository"]
