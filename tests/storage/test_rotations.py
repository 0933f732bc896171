"""Rotation notices: publishing, the rules both ways of publishing share, warnings before confirming, the
superior from the TMT, and who is long in post."""

import asyncio
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.i18n import I18n
from storage.db import create_session_factory
from storage.models import AuditEntry, Employee, OutboxMessage, Rotation
from storage.problems import Problem
from storage.services import rotations
from storage.services.rotations import RotationOrder
from storage.uow import UnitOfWork
from tests.factories import BUDI, SITI, add_employee

WIB = ZoneInfo("Asia/Jakarta")
ENGLISH = I18n(WIB, "en").translator("en")

ORDER = RotationOrder(nip=BUDI, new_position="Kepala Seksi Pemerintahan", new_unit="Seksi Pemerintahan",
                      sk_number="821.2/045/BKPSDM/2026", sk_date=date(2026, 11, 20), effective_date=date(2026, 12, 1),
                      inauguration_at=datetime.fromisoformat("2026-12-01T09:00+07:00"),
                      inauguration_place="Aula Kantor Camat Plaju")


async def publish(uow, order=ORDER):
    async with uow:
        published = await rotations.publish(uow, order, actor="test", tz=WIB)
        await uow.commit()
        return published


async def notices(uow):
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


async def test_publish_takes_the_old_post_from_the_record_and_queues_the_notice(uow):
    await add_employee(uow, BUDI, position="Analis Kebijakan", unit="Subbag Umum dan Kepegawaian")
    published = await publish(uow)
    assert published.status == "created"
    rotation = published.rotation
    assert (rotation.old_position, rotation.old_unit) == ("Analis Kebijakan", "Subbag Umum dan Kepegawaian")
    (notice,) = await notices(uow)
    assert notice.template == rotations.NOTICE and notice.params["title"] == {"$label": rotations.NOTICE_TITLE}
    assert notice.buttons[0][0]["callback_data"] == f"ack:r:{rotation.id}"
    assert (await publish(uow)).status == "unchanged"
    assert len(await notices(uow)) == 1
    corrected = await publish(uow, RotationOrder(**{**ORDER.__dict__, "effective_date": date(2026, 12, 2)}))
    assert corrected.status == "updated" and corrected.rotation.notice_version == 2
    assert [row.params["title"]["$label"] for row in await notices(uow)] == [rotations.NOTICE_TITLE,
                                                                             rotations.NOTICE_CORRECTED_TITLE]


async def warnings(uow, order=ORDER, **kwargs):
    async with uow:
        employee = await uow.employees.by_nip(order.nip)
        found = await rotations.warnings_for(uow, employee, order, min_years_in_post=2, **kwargs)
        return [(warning.field, ENGLISH.problem(warning.problem)) for warning in found]


async def test_short_time_in_post_warns_before_publishing_and_does_not_block(uow):
    employee = await add_employee(uow, BUDI)
    async with uow:
        (await uow.session.get(Employee, employee.id)).position_since = date(2025, 6, 1)
        await uow.commit()
    ((field, text),) = await warnings(uow)
    assert field == "effective_date" and "for only 1 year and 6 months (since 1 June 2025); the usual minimum " \
        "is 2 years" in text  # plural forms, not "1 years"
    assert (await publish(uow)).rotation.id
    assert await warnings(uow) == []  # the same SK again corrects it: nothing new to warn about


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


def write_rows(path, rows, header=(*rotations.COLUMNS, rotations.SUPERIOR_COLUMN)):
    path.write_text("\n".join([",".join(header), *rows]), encoding="utf-8")
    return path


async def test_dates_out_of_order_are_refused_alike_on_telegram_and_in_the_file(uow, tmp_path):
    """One rule for both paths (bug caught: dropping the pelantikan check, or checking it only in the file)."""
    await add_employee(uow, BUDI)
    early_tmt = RotationOrder(**{**ORDER.__dict__, "effective_date": date(2026, 11, 19)})
    early_inauguration = RotationOrder(**{**ORDER.__dict__, "inauguration_at": datetime.fromisoformat(
        "2026-11-19T23:30+07:00")})  # 16.30 UTC on the 19th: still the 19th in WIB
    for order, expected in ((early_tmt, "The TMT is before the SK date."),
                            (early_inauguration, "The pelantikan is before the SK date.")):
        with pytest.raises(Problem, match=expected):
            await publish(uow, order)
    # The form checks each answer against the ones before it, by the same function.
    assert [(found.field, found.problem.message) for found in rotations.date_problems(
        {"sk_date": date(2026, 11, 20), "inauguration_at": early_inauguration.inauguration_at}, WIB)] == [
        ("inauguration_at", "The pelantikan is before the SK date.")]
    assert rotations.date_problems({"sk_date": date(2026, 11, 20), "inauguration_at": datetime.fromisoformat(
        "2026-11-20T00:30+07:00")}, WIB) == []  # 17.30 UTC the day before: the 20th in WIB
    path = write_rows(tmp_path / "rotasi.csv", [
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/1/2026,20/11/2026,19/11/2026,,,,",
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/2/2026,20/11/2026,01/12/2026,19/11/2026 09.00,Aula,,"])
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=2)
    assert [(error.row, error.column, error.problem.message) for error in report.errors] == [
        (2, "tmt", "The TMT is before the SK date."), (3, "jadwal_pelantikan", "The pelantikan is before the SK date.")]


async def test_dry_run_shows_the_warnings_even_beside_errors_and_writes_nothing(uow, tmp_path):
    """Warnings come before any write (bug caught: warnings gathered only while publishing, which an error
    in another row stops before it starts)."""
    employee = await add_employee(uow, BUDI)
    async with uow:
        (await uow.session.get(Employee, employee.id)).position_since = date(2025, 6, 1)
        await uow.commit()
    path = write_rows(tmp_path / "rotasi.csv", [
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/1/2026,20/11/2026,01/12/2026,,,,",
        f"{SITI},Lurah,Kelurahan Plaju Ulu,821/2/2026,20/11/2026,01/12/2026,,,,"])  # nobody with this NIP
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=2,
                                                  dry_run=True)
    assert [(error.row, error.column) for error in report.errors] == [(3, "nip")]
    assert [(warning.row, warning.column) for warning in report.warnings] == [(2, "tmt")]
    assert "for only 1 year and 6 months" in ENGLISH.problem(report.warnings[0].problem)
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=2,
                                                  dry_run=True, skip_invalid=True)
        assert report.created == 1 and len(report.warnings) == 1 and not report.written
    async with uow:
        assert list(await uow.session.scalars(select(Rotation))) == []


async def test_a_pending_sk_is_warned_about_until_it_takes_effect(uow, tmp_path):
    """Bug caught: leaving out the SKs not yet applied (or those earlier in the same file)."""
    await add_employee(uow, BUDI)
    second = RotationOrder(**{**ORDER.__dict__, "sk_number": "821.2/050/BKPSDM/2026",
                              "effective_date": date(2027, 1, 4)})
    assert await warnings(uow, second) == []
    await publish(uow)
    ((field, text),) = await warnings(uow, second)
    assert field == "sk_number" and text == ("Budi Santoso already has a rotation not yet in effect: "
                                             "SK 821.2/045/BKPSDM/2026, TMT 1 December 2026.")
    assert await warnings(uow, second, earlier=[ORDER]) == [(field, text)]  # one warning per SK
    async with uow:
        await rotations.apply_due(uow, date(2026, 12, 1))
    assert [found for found in await warnings(uow, second) if found[0] == "sk_number"] == []
    path = write_rows(tmp_path / "rotasi.csv", [  # two new SKs for one person in one file
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/1/2027,02/01/2027,01/02/2027,,,,",
        f"{BUDI},Camat,Kecamatan Plaju,821/2/2027,02/01/2027,01/03/2027,,,,"])
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=0,
                                                  dry_run=True)
    assert [(warning.row, warning.column) for warning in report.warnings] == [(3, "nomor_sk")]
    assert "SK 821/1/2027, TMT 1 February 2027" in ENGLISH.problem(report.warnings[0].problem)


async def test_a_notice_without_pelantikan_leaves_that_line_out(uow):
    """Bug caught: the line shown as "—, —" when no pelantikan was entered."""
    await add_employee(uow, BUDI)
    bare = RotationOrder(**{**ORDER.__dict__, "sk_number": "1", "inauguration_at": None, "inauguration_place": None})
    for order, shown in ((bare, False), (ORDER, True),
                         (RotationOrder(**{**bare.__dict__, "sk_number": "2", "inauguration_place": "Aula"}), True)):
        template, params = rotations.notice_message((await publish(uow, order)).rotation)
        text = ENGLISH.html(template, **params)
        assert ("Inauguration (pelantikan)" in text) is shown and "—, —" not in text, text
        assert text.startswith("📋 <b>Rotation notice</b>") and "SK number" in text


async def test_superior_changes_on_the_tmt_with_objections_and_team_views(uow, tmp_path):
    """Dewi rates Andi and reports to Rina; her rotation names the Camat as superior from 1 December. Before
    the TMT Rina decides an objection against Dewi's rating and sees it in her team; from the TMT the Camat
    does (bug caught: setting the superior when publishing, or never)."""
    from storage.services.appraisals import team_overview
    from storage.services.objections import draft_objection
    from tests.appraisal_factories import ANDI, CAMAT, DEWI, RINA, add_appraisal, add_office
    from tests.storage.test_objections import POLICY

    await add_office(uow)
    appraisal = await add_appraisal(uow)
    path = write_rows(tmp_path / "rotasi.csv", [
        f"{DEWI},Kepala Seksi Ekbang,Seksi Ekonomi dan Pembangunan,821/9/2026,20/11/2026,01/12/2026,,,,{CAMAT}"])
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=0)
        assert report.written and report.created == 1 and not report.errors

    async def decider_and_teams():
        async with uow:
            people = await uow.employees.by_nips([ANDI, RINA, CAMAT])
            draft = await draft_objection(uow, people[ANDI], appraisal.id, POLICY, actor="test")
            teams = [len((await team_overview(uow, people[boss], 0, actor="test")).page.items)
                     for boss in (RINA, CAMAT)]
            return draft.addressee.nip, teams

    assert await decider_and_teams() == (RINA, [1, 0])
    async with uow:
        assert await rotations.apply_due(uow, date(2026, 11, 30)) == 0
    assert await decider_and_teams() == (RINA, [1, 0])
    async with uow:
        assert await rotations.apply_due(uow, date(2026, 12, 1)) == 1
    assert await decider_and_teams() == (CAMAT, [0, 1])


async def test_new_superior_must_be_another_active_employee(uow, tmp_path):
    """Bug caught: taking an unknown NIP or the employee themself as the new superior."""
    await add_employee(uow, BUDI)
    await add_employee(uow, SITI, "Siti")
    path = write_rows(tmp_path / "rotasi.csv", [
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/1/2026,20/11/2026,01/12/2026,,,,{BUDI}",
        f"{BUDI},Lurah,Kelurahan Plaju Ilir,821/2/2026,20/11/2026,01/12/2026,,,,199001012015011001",
        f"{SITI},Lurah,Kelurahan Plaju Ulu,821/3/2026,20/11/2026,01/12/2026,,,,"])
    async with uow:
        report = await rotations.import_rotations(uow, path, actor="test", tz=WIB, min_years_in_post=0,
                                                  skip_invalid=True)
    assert [(error.row, error.column, error.problem.message) for error in report.errors] == [
        (2, "atasan_baru_nip", "An employee cannot be their own superior."),
        (3, "atasan_baru_nip", "No active employee with NIP {nip}.")]
    assert report.created == 1  # the column may be left empty
    with pytest.raises(Problem, match="their own superior"):
        await publish(uow, RotationOrder(**{**ORDER.__dict__, "new_superior_nip": BUDI}))
    old_header = write_rows(tmp_path / "lama.csv", [  # a file from the template without the new column
        f"{SITI},Lurah,Kelurahan Plaju Ulu,821/4/2026,20/11/2026,01/12/2026,,,"], header=rotations.COLUMNS)
    async with uow:
        assert (await rotations.import_rotations(uow, old_header, actor="test", tz=WIB,
                                                 min_years_in_post=0)).created == 1


async def test_long_in_post_lists_who_reached_the_maximum_with_their_pending_sk(uow, clock):
    """At or beyond ROTATION_MAX_YEARS_IN_POST on the day, by the career rule (bug caught: "beyond" only,
    leaving out whoever reaches the maximum today)."""
    from storage.services.career import CareerPolicy
    policy = CareerPolicy(rotation_min_years=2, rotation_max_years=5)
    budi = await add_employee(uow, BUDI, position="Analis Kebijakan")
    siti = await add_employee(uow, SITI, "Siti")
    async with uow:
        (await uow.session.get(Employee, budi.id)).position_since = date(2021, 11, 27)  # five years today
        (await uow.session.get(Employee, siti.id)).position_since = date(2021, 11, 28)  # tomorrow
        await uow.commit()
    await publish(uow)
    today = date(2026, 11, 27)
    async with uow:
        (item,) = await rotations.long_in_post(uow, today, policy)
        assert (item.employee.nip, item.tenure.since, item.pending.sk_number) == (
            BUDI, date(2021, 11, 27), ORDER.sk_number)
        assert [found.employee.nip for found in await rotations.long_in_post(uow, today + timedelta(days=1),
                                                                                policy)] == [BUDI, SITI]
