"""The console's demo office: every feature has something to show, loaded through the importers' services."""

from sqlalchemy import func, select

from bot.demo import ANDI, CODES_FOR, load_demo_office
from storage.models import Appraisal, Broadcast, OutboxMessage, Rotation, Workshop
from storage.services.appraisals import ObjectionPolicy
from storage.services.objections import objectable


async def count(uow, model) -> int:
    return await uow.session.scalar(select(func.count()).select_from(model))


async def test_demo_office_has_an_open_objection_a_nearly_full_workshop_an_announcement_and_a_rotation(
        uow, settings):
    issued = await load_demo_office(uow, settings)
    assert sorted(item.nip for item in issued) == sorted(CODES_FOR)
    async with uow:
        assert await uow.employees.count() == 6
        assert await count(uow, Appraisal) == 4
        andi = (await uow.employees.by_nips([ANDI]))[ANDI]
        open_to_objection = await objectable(uow, andi, ObjectionPolicy(settings.objection_window_days,
                                                                         settings.timezone))
        assert len(open_to_objection) == 1  # last quarter's; the quarter before has closed
        workshops = {workshop.code: workshop for workshop in await uow.session.scalars(select(Workshop))}
        assert workshops["CONTOH-02"].seats_left == 1 and workshops["CONTOH-01"].seats_left == 30
        assert await count(uow, Broadcast) == 1
        assert await uow.session.scalar(select(func.count()).where(OutboxMessage.reference == "broadcast:1")) == 6
        (rotation,) = await uow.session.scalars(select(Rotation))
        assert rotation.acknowledged_at is None and rotation.new_unit == "Kelurahan Plaju Ulu"
