import asyncio
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.i18n import I18n
from storage.db import create_session_factory
from storage.models import Appraisal, AuditEntry, ObjectionState, OutboxMessage
from storage.nip import format_nip
from storage.problems import Problem
from storage.ratings import Predikat, Rating
from storage.services.appraisals import ObjectionPolicy, appraisal_history
from storage.services.objections import (
    NOT_AVAILABLE,
    TextProblem,
    accept_objection,
    draft_objection,
    file_objection,
    objectable,
    objection_detail,
    objection_inbox,
    objections_report,
    preview_acceptance,
    reject_objection,
    start_processing,
)
from storage.services.outbox import decode_params
from storage.uow import UnitOfWork
from tests.appraisal_factories import ANDI, BUDI, CAMAT, DEWI, RINA, SRI, add_appraisal, add_office, employee

POLICY = ObjectionPolicy(window_days=14)
WIB = ZoneInfo("Asia/Jakarta")
REASONS = "Target kinerja triwulan III sudah tercapai 100%, bukti dukung <laporan> & foto kegiatan terlampir."
REJECTION = "Bukti dukung tidak sesuai dengan rencana hasil kerja yang disepakati di awal periode."
ACCEPTANCE = "Laporan dan foto kegiatan membuktikan target triwulan III tercapai."


@pytest.fixture
async def office(uow):
    return await add_office(uow)


@pytest.fixture
async def appraisal(uow, office):
    return await add_appraisal(uow)  # Andi, 2026-Q3, rated by Dewi, published 20 November 2026


async def file(uow, appraisal_id, nip=ANDI, reasons=REASONS):
    async with uow:
        return await file_objection(uow, await employee(uow, nip), appraisal_id, reasons, POLICY,
                                    actor=f"test:{nip}")


async def outbox(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def rendered(message: OutboxMessage, language: str = "id") -> str:
    """The text as the sender will show it: the template translated, its parameters filled in."""
    _ = I18n(POLICY.tz, "id").translator(language)
    return _.html(message.template, now=message.not_before, **decode_params(message.params))


async def test_an_objection_in_the_window_goes_to_the_raters_superior(uow, office, appraisal):
    objection = await file(uow, appraisal.id)
    assert (objection.state, objection.addressee_id, objection.reasons) == (ObjectionState.FILED, office[RINA].id,
                                                                            REASONS)
    message, *_others = await outbox(uow)
    assert (message.employee_id, message.kind, message.buttons) == (
        office[RINA].id, "objection.filed", [[{"label": "📄 Open objection", "callback_data": f"ob:v:{objection.id}"}]])
    assert rendered(message) == (f"📨 <b>Keberatan baru no. {objection.id}</b>\nAndi Pratama, A.Md. "
                                 f"(NIP {format_nip(ANDI)}) mengajukan keberatan atas hasil penilaian kinerja periode "
                                 "Triwulan III 2026. Pejabat penilai telah diminta memberikan penjelasan. Mohon "
                                 "diputuskan paling lambat 11 Desember 2026.")
    async with uow:
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "objection.filed"))
    assert audit.subject == ANDI and audit.details["addressee"] == RINA


async def test_without_a_known_superior_of_the_rater_it_goes_to_every_hr_employee(uow, office, appraisal):
    async with uow:
        (await employee(uow, DEWI)).superior_id = None
        await uow.commit()
    objection = await file(uow, appraisal.id)
    assert objection.addressee_id is None
    assert [(message.employee_id, message.kind) for message in await outbox(uow)] == [
        (office[BUDI].id, "objection.filed"), (office[DEWI].id, "objection.explain")]  # HR decides: no copy
    async with uow:
        inbox = await objection_inbox(uow, await employee(uow, BUDI), 0)
        assert [item.id for item in inbox.items] == [objection.id]
        assert (await objection_inbox(uow, await employee(uow, RINA), 0)).total == 0


async def test_outside_the_window_it_is_refused_with_the_closing_date(uow, office):
    old = await add_appraisal(uow, published_on=date(2026, 10, 1))
    with pytest.raises(Problem, match="The objection period for this result ended on") as caught:
        await file(uow, old.id)
    assert caught.value.params == {"deadline": date(2026, 10, 15)} and "ended on" in caught.value.message
    assert await outbox(uow) == []
    async with uow:
        assert await objectable(uow, await employee(uow, ANDI), POLICY) == []


@pytest.mark.parametrize("now, accepted", [
    (datetime(2026, 11, 30, 23, 59, tzinfo=WIB), True),  # day 14 after receipt, its last minute
    (datetime(2026, 12, 1, 0, 0, tzinfo=WIB), False),  # day 15, its first minute
])
async def test_filing_on_day_14_after_receipt_is_accepted_and_on_day_15_refused(uow, office, clock, now,
                                                                                  accepted):
    """Published 10 November, received 16 November at 06.30 WIB (still the 15th in UTC): the window counts 14
    days from receipt in WIB. Deliberate bugs caught (each tried once): ``days_left >= 0`` made ``> 0``
    (refuses day 14); counting from ``published_on`` (refuses day 14); the receipt's date taken in UTC
    (refuses day 14); ``window_days + 1`` (accepts day 15); today taken in UTC (accepts 00.00 WIB on 1 December,
    still 30 November in UTC)."""
    result = await add_appraisal(uow, published_on=date(2026, 11, 10))
    async with uow:
        (await uow.session.get(Appraisal, result.id)).received_at = datetime(2026, 11, 16, 6, 30, tzinfo=WIB)
        await uow.commit()
    clock.now = now.astimezone(UTC)
    if accepted:
        assert (await file(uow, result.id)).state == ObjectionState.FILED
        return
    with pytest.raises(Problem, match="The objection period for this result ended on") as caught:
        await file(uow, result.id)
    assert caught.value.params == {"deadline": date(2026, 11, 30)}
    assert await outbox(uow) == []


async def test_one_open_objection_per_result_a_new_one_after_the_decision(uow, office, appraisal):
    first = await file(uow, appraisal.id)
    with pytest.raises(Problem, match="already have an open objection") as caught:
        await file(uow, appraisal.id)
    assert caught.value.params == {"number": str(first.id)}
    async with uow:
        assert await objectable(uow, await employee(uow, ANDI), POLICY) == []
        await reject_objection(uow, await employee(uow, RINA), first.id, REJECTION, actor="test")
    second = await file(uow, appraisal.id)
    assert second.id != first.id


async def test_reasons_need_30_to_2000_characters_and_are_never_cut(uow, office, appraisal):
    async with uow:
        andi = await employee(uow, ANDI)
        for reasons in ("x" * 30, "x" * 2000, "  " + "y" * 30 + "\n"):
            draft = await draft_objection(uow, andi, appraisal.id, POLICY, actor="t", reasons=reasons)
            assert draft.reasons == reasons.strip()
        for reasons in ("Nilai tidak sesuai.", "x" * 29, "  " + "x" * 29 + "  ", "x" * 2001, "kata " * 800):
            with pytest.raises(TextProblem, match="Please write at least|Please keep it to at most") as caught:
                await draft_objection(uow, andi, appraisal.id, POLICY, actor="t", reasons=reasons)
            assert caught.value.params["count"] == len(reasons.strip())


async def test_only_the_appraised_employee_can_object(uow, office, appraisal):
    for nip, message in ((DEWI, "Only the appraised employee"), (BUDI, "Only the appraised employee"),
                         (SRI, "not available to you")):
        with pytest.raises(Problem, match=message):
            await file(uow, appraisal.id, nip=nip)
    assert await outbox(uow) == []


async def test_the_addressee_and_hr_decide_nobody_else_the_employee_may_look(uow, office, appraisal):
    objection = await file(uow, appraisal.id)
    for nip in (DEWI, SRI, ANDI, CAMAT):  # the rater, a colleague, the objector, the superior's superior
        async with uow:
            with pytest.raises(Problem, match="not available to you") as caught:
                await start_processing(uow, await employee(uow, nip), objection.id, actor="t")
        assert caught.value.message == NOT_AVAILABLE
    for nip in (RINA, BUDI):
        async with uow:
            assert (await objection_detail(uow, await employee(uow, nip), objection.id, actor="t")).decidable
    async with uow:
        assert not (await objection_detail(uow, await employee(uow, ANDI), objection.id, actor="t")).decidable
        rater_view = await objection_detail(uow, await employee(uow, DEWI), objection.id, actor="t")
        assert (rater_view.decidable, rater_view.explainable) == (False, True)  # the rater explains, never decides
        with pytest.raises(Problem, match="not available"):
            await objection_detail(uow, await employee(uow, SRI), objection.id, actor="t")
    async with uow:
        assert (await start_processing(uow, await employee(uow, BUDI), objection.id, actor="t")).state == \
            ObjectionState.IN_PROGRESS


async def test_processing_tells_the_employee(uow, office, appraisal):
    objection = await file(uow, appraisal.id)
    async with uow:
        await start_processing(uow, await employee(uow, RINA), objection.id, actor="t")
    async with uow:
        with pytest.raises(Problem, match="already being processed"):
            await start_processing(uow, await employee(uow, RINA), objection.id, actor="t")
    message = (await outbox(uow))[-1]
    assert (message.employee_id, message.kind) == (office[ANDI].id, "objection.in_progress")
    assert rendered(message, "en") == (f"🔄 Rina Marlina, S.E. is now processing your objection no. {objection.id} "
                                       "(period Quarter III 2026).")


async def test_accepting_creates_a_corrected_version_and_keeps_the_old_one(uow, office, appraisal, clock):
    objection = await file(uow, appraisal.id)
    clock.advance(days=2)
    async with uow:
        with pytest.raises(Problem, match="already has"):
            await preview_acceptance(uow, await employee(uow, RINA), objection.id, Rating.MEETS, Rating.BELOW,
                                     actor="t")
        # accepting records reasons, as rejecting does
        with pytest.raises(TextProblem, match="Please write at least"):
            await accept_objection(uow, await employee(uow, RINA), objection.id, Rating.MEETS, Rating.MEETS,
                                   "Setuju.", actor="telegram:5")
        corrected = await accept_objection(uow, await employee(uow, RINA), objection.id, Rating.MEETS, Rating.MEETS,
                                           ACCEPTANCE, actor="telegram:5")
    assert (corrected.version, corrected.predikat, corrected.published_on) == (2, Predikat.GOOD, appraisal.published_on)
    async with uow:
        history = await appraisal_history(uow, await employee(uow, ANDI), 0)
        stored = await uow.objections.get(objection.id)
    assert [(item.version, item.predikat, item.is_current) for item in history.items] == [
        (2, Predikat.GOOD, True), (1, Predikat.POOR, False)]
    assert (stored.state, stored.corrected_appraisal_id, stored.decided_by_id) == (
        ObjectionState.ACCEPTED, corrected.id, office[RINA].id)
    message = next(message for message in await outbox(uow) if message.kind == "objection.accepted")
    assert (message.employee_id, stored.decision_reason) == (office[ANDI].id, ACCEPTANCE)
    assert message.buttons == [[{"label": "📊 View corrected result", "callback_data": f"ap:v:{corrected.id}"}]]
    assert rendered(message) == (f"✅ Rina Marlina, S.E. menerima keberatan Anda no. {objection.id} (periode "
                                 f"Triwulan III 2026): hasil penilaian kinerja Anda telah dikoreksi.\nAlasan: "
                                 f"{ACCEPTANCE}\nKeputusan ini bersifat final.")
    async with uow:
        with pytest.raises(Problem, match="already been decided"):
            await reject_objection(uow, await employee(uow, BUDI), objection.id, REJECTION, actor="t")
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "objection.accepted"))
    assert (audit.details["before"], audit.details["after"]) == (["meets", "below", "poor"], ["meets", "meets", "good"])


async def test_rejecting_needs_a_reason_which_the_employee_reads_escaped(uow, office, appraisal):
    objection = await file(uow, appraisal.id)
    async with uow:
        with pytest.raises(TextProblem, match="Please write at least"):
            await reject_objection(uow, await employee(uow, BUDI), objection.id, "Tidak.", actor="t")
    async with uow:
        await reject_objection(uow, await employee(uow, BUDI), objection.id, REJECTION + " <b>&</b>", actor="t")
    message = next(message for message in await outbox(uow) if message.kind == "objection.rejected")
    assert rendered(message).endswith(
        "Alasan: " + REJECTION + " &lt;b&gt;&amp;&lt;/b&gt;\nKeputusan ini bersifat final.")
    async with uow:
        stored = await uow.objections.get(objection.id)
        assert (stored.state, stored.decision_reason) == (ObjectionState.REJECTED, REJECTION + " <b>&</b>")


async def test_an_hr_employee_objecting_is_decided_by_other_hr_staff(uow, office):
    appraisal = await add_appraisal(uow, BUDI, rater=None)  # the rater is not in the employee data
    objection = await file(uow, appraisal.id, nip=BUDI)
    assert objection.addressee_id is None and await outbox(uow) == []  # Budi is the only HR employee
    async with uow:
        with pytest.raises(Problem, match="not available"):
            await start_processing(uow, await employee(uow, BUDI), objection.id, actor="t")


async def test_report_lists_everything(uow, office, appraisal):
    first = await file(uow, appraisal.id)
    sri = await add_appraisal(uow, SRI)
    second = await file(uow, sri.id, nip=SRI)
    async with uow:
        rows = await objections_report(uow)
        assert [row.id for row in rows] == [second.id, first.id]
        assert {row.appraisal.period for row in rows} == {"2026-Q3"}
        assert (await uow.session.get(Appraisal, appraisal.id)).is_current


async def test_two_deciders_at_once_exactly_one_wins(uow, engine, clock, office):
    """The addressee accepts while HR rejects (and both press "processing"), each in its own session as two
    Telegram updates would: one decision stands, the other is told it was decided, one notice goes out."""
    objections = []
    for period in ("2026-Q1", "2026-Q2", "2026-Q3"):
        objections.append(await file(uow, (await add_appraisal(uow, period=period)).id))

    async def decide(nip, action, objection):
        async with UnitOfWork(create_session_factory(engine), clock) as own:
            decider = await employee(own, nip)
            try:
                if action == "accept":
                    await accept_objection(own, decider, objection.id, Rating.MEETS, Rating.MEETS, ACCEPTANCE,
                                           actor=nip)
                elif action == "reject":
                    await reject_objection(own, decider, objection.id, REJECTION, actor=nip)
                else:
                    await start_processing(own, decider, objection.id, actor=nip)
            except Problem as problem:
                return problem.message
            return action

    for objection in objections:
        outcomes = await asyncio.gather(decide(RINA, "accept", objection), decide(BUDI, "reject", objection),
                                        decide(RINA, "process", objection), decide(BUDI, "process", objection))
        decisions = [outcome for outcome in outcomes if outcome in ("accept", "reject")]
        assert len(decisions) == 1, outcomes
        assert outcomes.count("process") <= 1, outcomes
        async with uow:
            stored = await uow.objections.get(objection.id)
            versions = await uow.session.scalars(select(Appraisal.version).where(
                Appraisal.employee_id == office[ANDI].id, Appraisal.period == objection.appraisal.period))
            assert stored.state == (ObjectionState.ACCEPTED if decisions == ["accept"] else ObjectionState.REJECTED)
            assert sorted(versions) == ([1, 2] if decisions == ["accept"] else [1])
        notices = [message.kind for message in await outbox(uow)
                   if message.reference == f"objection:{objection.id}" and message.employee_id == office[ANDI].id]
        assert sorted(notices) == sorted({"accept": ["objection.accepted"], "reject": ["objection.rejected"]}[
            decisions[0]] + ["objection.in_progress"] * outcomes.count("process"))
