"""Career aspirations: the units and kinds of post an employee would like to rotate to, and the topics they
want training in (from Kepegawaian's list, or typed).

Aspirations are personal. They are read by the employee, by their superior's chain (the superior, the
superior's superior, and so on up) and by Kepegawaian, nobody else; the screens show the employee exactly
who that is. Every reading by someone other than the employee is audited.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from storage.career_terms import PostKind
from storage.models import AspirationKind, CareerAspiration, Employee, Role, TrainingTopic
from storage.problems import N_, Problem
from storage.services.import_cells import text
from storage.uow import UnitOfWork

MAX_PER_KIND = 5
MAX_VALUE = 100
MAX_CHAIN = 20  # superiors followed upwards; a loop in the data stops earlier
NOT_AVAILABLE = N_("These career aspirations are not available to you.")


@dataclass(frozen=True)
class Aspirations:
    employee: Employee
    by_kind: dict[AspirationKind, list[CareerAspiration]]

    def of(self, kind: AspirationKind) -> list[CareerAspiration]:
        return self.by_kind.get(kind, [])

    @property
    def empty(self) -> bool:
        return not any(self.by_kind.values())


@dataclass(frozen=True)
class Readers:
    """Who may read an employee's aspirations besides themselves: the chain above them and Kepegawaian."""

    superiors: list[Employee]  # nearest first


@dataclass
class Demand:
    """One unit, kind of post or topic and the employees who asked for it: what Kepegawaian plans from."""

    kind: AspirationKind
    value: str
    employees: list[Employee] = field(default_factory=list)


async def superior_chain(uow: UnitOfWork, employee: Employee) -> list[Employee]:
    chain: list[Employee] = []
    seen = {employee.id}
    superior_id = employee.superior_id
    while superior_id is not None and superior_id not in seen and len(chain) < MAX_CHAIN:
        superior = await uow.employees.get(superior_id)
        if superior is None:
            break
        seen.add(superior.id)
        if superior.active:
            chain.append(superior)
        superior_id = superior.superior_id
    return chain


async def readers(uow: UnitOfWork, employee: Employee) -> Readers:
    return Readers(await superior_chain(uow, employee))


async def own_aspirations(uow: UnitOfWork, employee: Employee) -> Aspirations:
    return await _load(uow, employee)


async def aspirations_of(uow: UnitOfWork, viewer: Employee, employee_id: int, *, actor: str) -> Aspirations:
    """Someone's aspirations for ``viewer``, who must be them, above them, or Kepegawaian; others are audited."""
    employee = await uow.employees.get(employee_id)
    if employee is None:
        raise Problem(NOT_AVAILABLE)
    if employee.id != viewer.id:
        chain = await superior_chain(uow, employee)
        if not (viewer.has_role(Role.HR) or any(superior.id == viewer.id for superior in chain)):
            raise Problem(NOT_AVAILABLE)
        uow.audit.record(actor, "aspirations.viewed", employee.nip)
        await uow.commit()
    return await _load(uow, employee)


async def add_aspiration(uow: UnitOfWork, employee: Employee, kind: AspirationKind, value: str, *,
                         from_list: bool) -> CareerAspiration | None:
    """Add one wish; a listed value must still be on its list. Returns None when it was there already."""
    value = text(MAX_VALUE, required=True)(value)
    if from_list:
        await _check_listed(uow, kind, value)
    if await uow.aspirations.count(employee.id, kind.value) >= MAX_PER_KIND:
        raise Problem(N_("You can name at most {maximum} of these; remove one first."), maximum=MAX_PER_KIND)
    added = await uow.aspirations.add(employee.id, kind.value, value, from_list=from_list, now=uow.clock())
    await uow.commit()
    return added


async def remove_aspiration(uow: UnitOfWork, employee: Employee, aspiration_id: int) -> None:
    """Remove one of the employee's own wishes; someone else's id removes nothing."""
    await uow.aspirations.remove(employee.id, aspiration_id)
    await uow.commit()


async def choices(uow: UnitOfWork, kind: AspirationKind) -> list[str]:
    """The listed values to pick from: known units, the kinds of post (jenis jabatan, by code), or
    Kepegawaian's topics."""
    if kind == AspirationKind.UNIT:
        return sorted(await uow.employees.units())
    if kind == AspirationKind.POST:
        return [post_kind.value for post_kind in PostKind]
    return [topic.name for topic in await uow.training_topics.listed()]


async def demand(uow: UnitOfWork) -> list[Demand]:
    """Every wish of active employees grouped by kind and value (typed values case-insensitively), most asked
    first, for Kepegawaian's career plan."""
    groups: dict[tuple[str, str], Demand] = {}
    for aspiration, employee in await uow.aspirations.of_active_employees():
        key = (aspiration.kind, aspiration.value.casefold())
        group = groups.setdefault(key, Demand(AspirationKind(aspiration.kind), aspiration.value))
        group.employees.append(employee)
    order = list(AspirationKind)
    return sorted(groups.values(), key=lambda group: (order.index(group.kind), -len(group.employees),
                                                      group.value.casefold()))


# -- Kepegawaian's topic list ------------------------------------------------------------------------------

async def add_topic(uow: UnitOfWork, viewer: Employee, name: str, *, actor: str) -> TrainingTopic:
    _require_hr(viewer)
    name = text(MAX_VALUE, required=True)(name)
    topic = await uow.training_topics.by_name(name)
    if topic is not None and topic.active:
        raise Problem(N_("“{name}” is already on the list."), name=topic.name)
    if topic is None:
        topic = TrainingTopic(name=name, active=True, created_at=uow.clock())
        uow.training_topics.add(topic)
    topic.active = True
    uow.audit.record(actor, "training_topic.added", None, topic=name)
    await uow.commit()
    return topic


async def retire_topic(uow: UnitOfWork, viewer: Employee, topic_id: int, *, actor: str) -> TrainingTopic:
    """Take a topic off the list; employees who chose it keep their wish."""
    _require_hr(viewer)
    topic = await uow.training_topics.get(topic_id)
    if topic is None or not topic.active:
        raise Problem(N_("This topic is no longer on the list."))
    topic.active = False
    uow.audit.record(actor, "training_topic.retired", None, topic=topic.name)
    await uow.commit()
    return topic


async def listed_topics(uow: UnitOfWork) -> list[TrainingTopic]:
    return await uow.training_topics.listed()


def _require_hr(viewer: Employee) -> None:
    if not viewer.has_role(Role.HR):
        raise Problem(N_("Only HR staff (Subbag Umum dan Kepegawaian) can do this."))


async def _check_listed(uow: UnitOfWork, kind: AspirationKind, value: str) -> None:
    if value not in await choices(uow, kind):
        raise Problem(N_("“{value}” is no longer on the list; choose again."), value=value)


async def _load(uow: UnitOfWork, employee: Employee) -> Aspirations:
    by_kind: dict[AspirationKind, list[CareerAspiration]] = defaultdict(list)
    for aspiration in await uow.aspirations.of_employee(employee.id):
        by_kind[AspirationKind(aspiration.kind)].append(aspiration)
    return Aspirations(employee, dict(by_kind))
