"""Granting and revoking roles (HR) on employee records; always audited."""

from __future__ import annotations

from storage.models import Employee, Role, RoleGrant
from storage.problems import N_, Problem
from storage.services.employees import require_employees
from storage.uow import UnitOfWork


async def grant_role(uow: UnitOfWork, nip: str, role: Role, actor: str) -> Employee:
    (employee,) = await require_employees(uow, [nip])
    if not employee.has_role(role):
        employee.roles.append(RoleGrant(role=role.value, granted_at=uow.clock()))
        uow.audit.record(actor, "role.granted", employee.nip, role=role.value)
    await uow.commit()
    return employee


async def revoke_role(uow: UnitOfWork, nip: str, role: Role, actor: str) -> Employee:
    (employee,) = await require_employees(uow, [nip])
    grant = next((grant for grant in employee.roles if grant.role == role), None)
    if grant is None:
        raise Problem(N_("{name} does not have the {role} role."), name=employee.name, role=role.value)
    employee.roles.remove(grant)
    uow.audit.record(actor, "role.revoked", employee.nip, role=role.value)
    await uow.commit()
    return employee
