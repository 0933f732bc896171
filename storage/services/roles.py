"""Granting and revoking roles (HR) on employee records; always audited."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from storage.models import Employee, Role, RoleGrant
from storage.problems import N_, Label, Problem
from storage.services.accounts import Viewer
from storage.services.employees import require_employees
from storage.services.workshop_admin import require_hr
from storage.uow import UnitOfWork

ROLE_LABELS = {Role.HR: N_("HR")}  # how a role is named to the reader ("petugas kepegawaian"), not its stored value


async def grant_role(uow: UnitOfWork, nip: str, role: Role, actor: str) -> Employee:
    (employee,) = await require_employees(uow, [nip])
    if not employee.has_role(role):
        employee.roles.append(RoleGrant(role=role.value, granted_at=uow.clock()))
        uow.audit.record(actor, "role.granted", employee.nip, role=role.value)
    await uow.commit()
    return employee


async def revoke_role(uow: UnitOfWork, nip: str, role: Role, actor: str, *, keep_one: bool = False) -> Employee:
    """Take ``role`` away; with ``keep_one`` only if someone else keeps it, so Kepegawaian can never lock itself
    out of the bot. A conditional delete decides, and on PostgreSQL the role's grants are locked first, so two
    last holders revoking at once cannot both succeed."""
    (employee,) = await require_employees(uow, [nip])
    grant = next((grant for grant in employee.roles if grant.role == role), None)
    if grant is None:
        raise Problem(N_("{name} does not have the {role} role."), name=employee.name, role=Label(ROLE_LABELS[role]))
    condition = [RoleGrant.employee_id == employee.id, RoleGrant.role == role.value]
    if keep_one:
        await uow.session.execute(select(RoleGrant.employee_id).where(RoleGrant.role == role.value)
                                  .with_for_update())
        holders = select(func.count()).select_from(RoleGrant).where(RoleGrant.role == role.value).scalar_subquery()
        condition.append(holders > 1)
    result = await uow.session.execute(delete(RoleGrant).where(*condition).execution_options(
        synchronize_session=False))
    if result.rowcount != 1:
        raise Problem(N_("{name} is the last person with the HR role; grant it to someone else first."),
                      name=employee.name)
    await uow.session.refresh(employee, ["roles"])
    uow.audit.record(actor, "role.revoked", employee.nip, role=role.value)
    await uow.commit()
    return employee


async def grant_hr(uow: UnitOfWork, viewer: Viewer, nip: str) -> Employee:
    """Kepegawaian staff give the HR role on Telegram; nobody else can."""
    require_hr(viewer)
    return await grant_role(uow, nip, Role.HR, f"telegram:{viewer.telegram_user_id}")


async def revoke_hr(uow: UnitOfWork, viewer: Viewer, nip: str) -> Employee:
    require_hr(viewer)
    return await revoke_role(uow, nip, Role.HR, f"telegram:{viewer.telegram_user_id}", keep_one=True)
