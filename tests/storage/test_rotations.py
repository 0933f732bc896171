import asyncio
from datetime import date, datetime

import pytest
from sqlalchemy import select

from storage.db import create_session_factory
from storage.models import AuditEntry, Employee, OutboxMessage, Rotation
from storage.problems import Problem
from storage.services import rotations
from storage.services.rotations import RotationOrder
from storage.uow import UnitOfWork
from tests.factories import BUDI, SITI, add_employee

ORDER = RotationOrder(nip=BUDI, new_position="Kepala Seksi Pemerintahan", new_unit="Seksi Pemerintahan",
                      sk_number="821.2/045/BKPSDM/2026", sk_date=date(2026, 11, 20), effective_date=date(2026, 12, 1),
                      inauguration_at=datetime.fromisoformat("2026-12-01T09:00+07:00"),
                      inauguration_place="Aula Kantor Camat Plaju")


async def publish(uow, order=ORDER):
    async with uow:
        published = await rotations.publish(uow, order, actor="test", min_years_in_post=2)
        await uow.commit()
        return published


async def notices(uow):
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_publish_takes_the_old_post_from_the_record_and_queues_the_notice(uow):
    await add_employee(uow, BUDI, position="Analis Kebijakan", unit="Subbag Umum dan Kepegawaian")
    published = await publish(uow)
    assert published.status == "created" and published.warning is None
    rotation = published.rotation
    assert (rotation.old_position, rotation.old_unit) == ("Analis Kebijakan", "Subbag Umum dan Kepegawaian")
    (notice,) = await notices(uow)
    assert notice.template == rotations.NOTICE and notice.buttons[0][0]["callback_data"] == f"ack:r:{rotation.id}"
    assert (await publish(uow)).status == "unchanged"
    assert len(await notices(uow)) == 1
    corrected = await publish(uow, RotationOrder(**{**ORDER.__dict__, "effective_date": date(2026, 12, 2)}))
    assert corrected.status == "updated" and corrected.rotation.notice_version == 2
    assert [row.template for row in await notices(uow)] == [rotations.NOTICE, rotations.NOTICE_UPDATED]


async def test_short_time_in_post_warns_but_does_not_block(uow):
    employee = await add_employee(uow, BUDI)
    async with uow:
        (await uow.session.get(Employee, employee.id)).position_since = date(2025, 6, 1)
        await uow.commit()
    published = await publish(uow)
    assert published.rotation.id and "1 years and 6 months" in published.warning.message.format(
        **published.warning.params)


async def test_acknowledged_once_by_its_owner_only(uow):
    await add_employee(uow, BUDI)
    other = await add_employee(uow, SITI, "Siti")
    rotation = (await publish(uow)).rotation
    async with uow:
        owner = await uow.employees.by_nip(BUDI)
        assert await rotations.acknowledge(uow, rotation.id, owner, actor="test") is True
    async with uow:
        assert await rotations.acknowledge(uow, rotation.id, owner, actor="test") is False
        with pytest.raises(Problem, match="not yours"):
            await rotations.acknowledge(uow, rotation.id, other, actor="test")


async def test_record_moves_on_the_tmt_not_before(uow):
    await add_employee(uow, BUDI, position="Analis Kebijakan", unit="Subbag Umum dan Kepegawaian")
    await publish(uow)
    async with uow:
        assert await rotations.apply_due(uow, date(2026, 11, 30)) == 0
    async with uow:
        assert await rotations.apply_due(uow, date(2026, 12, 1)) == 1
    async with uow:
        employee = await uow.employees.by_nip(BUDI)
        assert (employee.position, employee.unit, employee.position_since) == (
            "Kepala Seksi Pemerintahan", "Seksi Pemerintahan", date(2026, 12, 1))
        assert await rotations.apply_due(uow, date(2026, 12, 2)) == 0
    with pytest.raises(Problem, match="already took effect"):
        await publish(uow, RotationOrder(**{**ORDER.__dict__, "new_unit": "Kelurahan Plaju Ilir"}))


async def test_reminder_resends_for_the_unread_only(uow):
    await add_employee(uow, BUDI)
    rotation = (await publish(uow)).rotation
    async with uow:
        await rotations.remind(uow, rotation.id, actor="test")
    async with uow:
        await rotations.remind(uow, rotation.id, actor="test")
    assert [row.kind for row in await notices(uow)] == ["rotation.notice", "rotation.reminder", "rotation.notice",
                                                        "rotation.reminder", "rotation.notice"]
    async with uow:
        await rotations.acknowledge(uow, rotation.id, await uow.employees.by_nip(BUDI), actor="test")
    async with uow:
        with pytest.raises(Problem, match="already confirmed"):
            await rotations.remind(uow, rotation.id, actor="test")
        (listed,) = await rotations.all_notices(uow)
        assert listed.employee.nip == BUDI and await rotations.all_notices(uow, unacknowledged_only=True) == []


async def test_import_reports_bad_rows_and_publishes_good_ones(uow, tmp_path, settings):
    await add_employee(uow, BUDI)
    await add_employee(uow, SITI, "Siti")
    header = ",".join(rotations.COLUMNS)
    rows = [
        f"{BUDI},Kepala Seksi Pemerintahan,Seksi Pemerintahan,821/1/2026,20/11/2026,01/12/2026,"
        "01/12/2026 09.00,Aula Kantor Camat,",
        f"{SITI},,Seksi Pemerintahan,821/2/2026,2026-11-20,2026-11-10,,,",   # no post; TMT before SK date
        "199001012015011001,Lurah,Kelurahan Plaju Ilir,821/3/2026,2026-11-20,2026-12-01,,,",  # unknown NIP
        f"{SITI},Sekretaris Lurah,Kelurahan Talang Putri,821/4/2026,20-11-2026,besok,,,",   # bad TMT
    ]
    path = tmp_path / "rotasi.csv"
    path.write_text("\n".join([header, *rows]), encoding="utf-8")
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=settings.timezone, min_years_in_post=2)
    assert not report.written
    assert sorted((error.row, error.column) for error in report.errors) == [
        (3, "jabatan_baru"), (4, "nip"), (5, "tmt")]
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=settings.timezone,
                                                  min_years_in_post=2, skip_invalid=True)
    assert report.written and report.created == 1
    async with uow:
        (rotation,) = await uow.session.scalars(select(Rotation))
        assert rotation.inauguration_at == datetime.fromisoformat("2026-12-01T02:00+00:00")


async def test_taps_at_once_acknowledge_once(uow, engine, clock):
    await add_employee(uow, BUDI)
    rotation = (await publish(uow)).rotation

    async def tap():
        async with UnitOfWork(create_session_factory(engine), clock) as own:
            return await rotations.acknowledge(own, rotation.id, await own.employees.by_nip(BUDI), actor="test")

    assert sorted(await asyncio.gather(*(tap() for _ in range(5)))) == [False] * 4 + [True]
    async with uow:
        audited = await uow.session.scalars(select(AuditEntry).where(AuditEntry.action == "rotation.acknowledged"))
        assert len(list(audited)) == 1
