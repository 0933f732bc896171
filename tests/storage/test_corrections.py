"""“Data saya tidak sesuai”: reporting a wrong field with the SK, and Kepegawaian accepting or rejecting it."""

import asyncio
from datetime import date
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.i18n import I18n
from storage.db import create_session_factory
from storage.models import AuditEntry, CorrectionState, GradeHistory, OutboxMessage, Role, RoleGrant
from storage.nip import format_nip
from storage.problems import Problem
from storage.services.corrections import (
    NOT_AVAILABLE,
    EvidenceFile,
    accept_correction,
    correction_detail,
    correction_evidence,
    correction_inbox,
    draft_correction,
    file_correction,
    reject_correction,
)
from storage.services.outbox import decode_params
from storage.uow import UnitOfWork
from tests.appraisal_factories import ANDI, BUDI, DEWI, RINA, SRI, add_office, employee

PHOTO = EvidenceFile(b"\xff\xd8\xff\xe0 a photo of the SK", "image/jpeg")
REASON = "Pada SK kenaikan pangkat terakhir tertulis golongan III/c, bukan III/d; mohon dicek kembali."


@pytest.fixture
async def office(uow):
    return await add_office(uow)  # Budi is the only Kepegawaian officer


async def report(uow, field="golongan", typed="III/d", nip=ANDI, evidence=PHOTO):
    async with uow:
        return await file_correction(uow, await employee(uow, nip), field, typed, evidence, actor=f"test:{nip}")


async def outbox(uow) -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def rendered(message: OutboxMessage, language: str = "id") -> str:
    _ = I18n(ZoneInfo("Asia/Jakarta"), "id").translator(language)
    return _.html(message.template, **decode_params(message.params))


async def test_a_report_keeps_the_recorded_and_typed_values_and_reaches_kepegawaian(uow, office):
    request = await report(uow, typed=" 3d ")
    assert (request.field, request.recorded_value, request.proposed_value, request.state) == (
        "golongan", "III/c", "III/d", CorrectionState.FILED)
    (message,) = await outbox(uow)
    assert (message.employee_id, message.kind) == (office[BUDI].id, "correction.filed")
    assert rendered(message) == (f"🗂 <b>Permintaan perbaikan data no. {request.id}</b>\nAndi Pratama, A.Md. "
                                 f"(NIP {format_nip(ANDI)}) melaporkan data yang tidak sesuai: Golongan. "
                                 "Mohon periksa SK-nya dan putuskan.")
    async with uow:
        andi = await employee(uow, ANDI)
        assert andi.grade == "III/c"  # nothing changes before Kepegawaian decides
        evidence = await correction_evidence(uow, await employee(uow, BUDI), request.id, actor="test:hr")
        assert (evidence.content, evidence.mime_type, evidence.filename) == (
            PHOTO.content, "image/jpeg", f"sk-{ANDI}-golongan.jpg")
        actions = list(await uow.session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))
    assert actions == ["correction.filed", "correction.evidence_viewed"]


async def test_typed_values_are_checked_like_the_employee_file(uow, office):
    async with uow:
        andi = await employee(uow, ANDI)
        for field, typed, message in (("golongan", "V/a", "not a PNS golongan"), ("golongan", "III/c", "already says"),
                                      ("tmt_jabatan", "31/02/2024", "not a real date"),
                                      ("nama", "x" * 201, "longer than"),
                                      ("nip", "199211302019031099", "cannot be corrected here")):
            with pytest.raises(Problem, match=message):
                await draft_correction(uow, andi, field, typed)
        draft = await draft_correction(uow, andi, "tmt_jabatan", "02/01/2024")
        assert (draft.recorded, draft.proposed) == (None, date(2024, 1, 2))
        sri = await employee(uow, SRI)  # PPPK: golongan I to XVII
        assert (await draft_correction(uow, sri, "golongan", "9")).proposed == "IX"
    with pytest.raises(Problem, match="photo of the SK"):
        await report(uow, evidence=EvidenceFile(b"MZ...", "application/x-msdownload"))
    assert await outbox(uow) == []


async def test_one_open_request_per_field(uow, office):
    first = await report(uow)
    with pytest.raises(Problem, match="about this field is still waiting") as caught:
        await report(uow, typed="III/b")
    assert caught.value.params == {"number": str(first.id)}
    await report(uow, field="jabatan", typed="Pranata Komputer")  # another field is fine


async def test_accepting_changes_the_record_audited_and_tells_the_employee(uow, office):
    request = await report(uow, field="tmt_jabatan", typed="2024-01-02")
    async with uow:
        view = await accept_correction(uow, await employee(uow, BUDI), request.id, actor="test:hr")
    assert (view.request.state, view.request.decided_by.nip, view.decidable) == (CorrectionState.ACCEPTED, BUDI, False)
    async with uow:
        assert (await employee(uow, ANDI)).position_since == date(2024, 1, 2)
        audit = await uow.session.scalar(select(AuditEntry).where(AuditEntry.action == "correction.accepted"))
    assert (audit.actor, audit.subject, audit.details["before"], audit.details["after"]) == (
        "test:hr", ANDI, None, "2024-01-02")
    told = (await outbox(uow))[-1]
    assert (told.employee_id, told.kind, told.buttons) == (
        office[ANDI].id, "correction.accepted", [[{"label": "🗂 Open request",
                                                   "callback_data": f"cor:v:{request.id}"}]])
    assert rendered(told) == (f"✅ Kepegawaian (Budi Santoso, S.Kom.) menerima perbaikan data no. {request.id}. "
                              "Data Anda kini tercatat TMT jabatan saat ini: 2 Januari 2024.")
    assert "Start in the current post (TMT jabatan): 2 January 2024" in rendered(told, "en")


async def test_rejecting_needs_a_reason_and_tells_the_employee(uow, office):
    request = await report(uow)
    async with uow:
        with pytest.raises(Problem, match="at least {minimum}"):
            await reject_correction(uow, await employee(uow, BUDI), request.id, "Tidak.", actor="t")
    async with uow:
        view = await reject_correction(uow, await employee(uow, BUDI), request.id, REASON, actor="t")
    assert (view.request.state, view.request.decision_reason) == (CorrectionState.REJECTED, REASON)
    async with uow:
        assert (await employee(uow, ANDI)).grade == "III/c"
    told = (await outbox(uow))[-1]
    assert told.kind == "correction.rejected" and REASON in rendered(told)
    with pytest.raises(Problem, match="already been decided"):
        async with uow:
            await accept_correction(uow, await employee(uow, BUDI), request.id, actor="t")


async def test_only_kepegawaian_decides_and_never_their_own(uow, office):
    mine = await report(uow, nip=BUDI, field="jabatan", typed="Kasubbag Umum")
    assert [message.kind for message in await outbox(uow)] == []  # no other officer to tell
    andis = await report(uow)
    for nip, request_id in ((DEWI, andis.id), (ANDI, andis.id), (BUDI, mine.id)):
        async with uow:
            with pytest.raises(Problem, match="not available to you") as caught:
                await accept_correction(uow, await employee(uow, nip), request_id, actor="t")
        assert caught.value.message == NOT_AVAILABLE
    async with uow:
        with pytest.raises(Problem, match="not available to you"):
            await correction_detail(uow, await employee(uow, SRI), andis.id)  # a colleague
        with pytest.raises(Problem, match="not available to you"):
            await correction_inbox(uow, await employee(uow, DEWI), 0)
        assert (await correction_detail(uow, await employee(uow, ANDI), andis.id)).decidable is False
        inbox = await correction_inbox(uow, await employee(uow, BUDI), 0)
    assert [request.id for request in inbox.items] == [mine.id, andis.id]


async def test_two_officers_deciding_at_once_one_wins(uow, engine, clock, office):
    async with uow:
        rina = await employee(uow, RINA)
        rina.roles.append(RoleGrant(role=Role.HR.value, granted_at=clock()))
        await uow.commit()
    request = await report(uow)

    async def decide(nip, accept):
        async with UnitOfWork(create_session_factory(engine), clock) as own:
            officer = await employee(own, nip)
            try:
                if accept:
                    await accept_correction(own, officer, request.id, actor=f"test:{nip}")
                else:
                    await reject_correction(own, officer, request.id, REASON, actor=f"test:{nip}")
                return "won"
            except Problem as problem:
                assert "already been decided" in problem.message
                return "lost"

    results = await asyncio.gather(decide(BUDI, True), decide(RINA, False))
    assert sorted(results) == ["lost", "won"]
    async with uow:
        stored = await correction_detail(uow, await employee(uow, ANDI), request.id)
        decisions = list(await uow.session.scalars(select(AuditEntry.action).where(
            AuditEntry.action.in_(["correction.accepted", "correction.rejected"]))))
        grade = (await employee(uow, ANDI)).grade
    assert len(decisions) == 1
    assert grade == ("III/d" if stored.request.state == CorrectionState.ACCEPTED else "III/c")
    told = [message.kind for message in await outbox(uow) if message.employee_id == office[ANDI].id]
    assert told == [f"correction.{CorrectionState(stored.request.state).name.lower()}"]



async def test_career_columns_are_corrected_with_their_own_types_and_labels(uow, office):
    request = await report(uow, field="mkg_tahun", typed="7")
    async with uow:
        await accept_correction(uow, await employee(uow, BUDI), request.id, actor="t")
        assert (await employee(uow, ANDI)).rank_service_years == 7  # an int, on PostgreSQL too
    request = await report(uow, field="jenis_jabatan", typed="JF ahli muda")
    assert request.proposed_value == "jf_ahli_muda"
    async with uow:
        await accept_correction(uow, await employee(uow, BUDI), request.id, actor="t")
    told = (await outbox(uow))[-1]
    assert rendered(told).endswith("Data Anda kini tercatat Jenis jabatan: JF Ahli Muda.")
    async with uow:
        with pytest.raises(Problem, match="cannot be corrected here"):  # a PNS has no contract end
            await draft_correction(uow, await employee(uow, ANDI), "akhir_kontrak", "31/12/2027")
        assert (await draft_correction(uow, await employee(uow, SRI), "akhir_kontrak", "31/12/2027")).proposed == \
            date(2027, 12, 31)


async def test_a_corrected_golongan_joins_the_history(uow, office):
    request = await report(uow)
    async with uow:
        await accept_correction(uow, await employee(uow, BUDI), request.id, actor="t")
        andi = await employee(uow, ANDI)
        grades = list(await uow.session.scalars(select(GradeHistory.grade).where(
            GradeHistory.employee_id == andi.id).order_by(GradeHistory.id)))
        sources = list(await uow.session.scalars(select(GradeHistory.source).where(
            GradeHistory.employee_id == andi.id).order_by(GradeHistory.id)))
    assert grades[-1] == "III/d" and sources[-1] == "correction"
