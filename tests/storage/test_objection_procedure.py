"""The keberatan procedure of PP 30/2019 Art. 59 around the decision: the rater explains, evidence comes with
the filing, Kepegawaian gets a copy of each step, and the decision is tracked against its due date."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select

from bot.config import load_settings
from bot.i18n import I18n
from storage.models import OutboxMessage, OutboxState
from storage.nip import format_nip
from storage.problems import Problem
from storage.ratings import Rating
from storage.services import reminders
from storage.services.appraisals import ObjectionPolicy
from storage.services.objection_reminders import ObjectionDecisionReminders
from storage.services.objections import (
    Evidence,
    EvidenceKind,
    TextProblem,
    accept_objection,
    explain_objection,
    file_objection,
    objection_detail,
    open_objections,
    reject_objection,
)
from storage.services.outbox import decode_params
from storage.services.reminder_timing import QuietRules
from tests.appraisal_factories import ANDI, BUDI, DEWI, RINA, SRI, add_appraisal, add_office, employee

WIB = ZoneInfo("Asia/Jakarta")
POLICY = ObjectionPolicy(window_days=14, decision_days=10)
RULES = QuietRules(WIB)
REASONS = "Target kinerja triwulan III sudah tercapai 100%, bukti dukung terlampir lengkap."
EXPLANATION = "Laporan kegiatan terlambat tiga kali dan dua kegiatan tidak dilaporkan sama sekali."
DECISION = "Bukti dukung menunjukkan target tercapai; penilaian perilaku dikoreksi."


def wib(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=WIB)


@pytest.fixture
async def office(uow):
    return await add_office(uow)


async def file(uow, evidence=None):
    appraisal = await add_appraisal(uow)  # Andi, rated by Dewi, whose superior is Rina; Budi is Kepegawaian
    async with uow:
        return await file_objection(uow, await employee(uow, ANDI), appraisal.id, REASONS, POLICY, actor="t",
                                    evidence=evidence)


async def messages(uow, kind_prefix="objection") -> list[OutboxMessage]:
    async with uow:
        return list(await uow.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like(f"{kind_prefix}%"))
                                              .order_by(OutboxMessage.id)))


def text(message: OutboxMessage, language="id") -> str:
    return I18n(WIB, "id").translator(language).html(message.template, now=message.not_before,
                                                     **decode_params(message.params))


async def test_filing_asks_the_rater_to_explain_and_copies_kepegawaian(uow, office):
    objection = await file(uow, Evidence.checked("file-1", EvidenceKind.DOCUMENT, "bukti.pdf", "application/pdf"))
    assert (objection.evidence_file_id, objection.evidence_kind, objection.evidence_name) == (
        "file-1", "document", "bukti.pdf")
    assert objection.decision_due_on == date(2026, 12, 7)  # filed 27 November + KEBERATAN_DECISION_DAYS (10)
    sent = {(message.employee_id, message.kind): message for message in await messages(uow)}
    assert set(sent) == {(office[RINA].id, "objection.filed"), (office[DEWI].id, "objection.explain"),
                         (office[BUDI].id, "objection.copy-filed")}
    explain = sent[office[DEWI].id, "objection.explain"]
    assert explain.buttons[0][0]["callback_data"] == f"ob:ex:{objection.id}"
    copy = text(sent[office[BUDI].id, "objection.copy-filed"])
    assert copy.startswith("📋 Tembusan: Andi Pratama, A.Md. (NIP " + format_nip(ANDI) + ") mengajukan keberatan")
    assert "periode Triwulan III 2026 kepada Rina Marlina, S.E.; keputusan paling lambat 7 Desember 2026" in copy


def test_evidence_is_a_photo_or_a_pdf():
    assert Evidence.checked("p", EvidenceKind.PHOTO).kind == EvidenceKind.PHOTO
    with pytest.raises(TextProblem, match="as a photo or a PDF"):
        Evidence.checked("d", EvidenceKind.DOCUMENT, "nilai.xlsx", "application/vnd.ms-excel")


async def test_the_rater_explains_and_the_superior_reads_it_before_deciding(uow, office):
    objection = await file(uow)
    for nip in (SRI, RINA, ANDI):  # only the rater explains
        async with uow:
            with pytest.raises(Problem, match="not available"):
                await explain_objection(uow, await employee(uow, nip), objection.id, EXPLANATION, actor="t")
    async with uow:
        with pytest.raises(TextProblem, match="Please write at least"):
            await explain_objection(uow, await employee(uow, DEWI), objection.id, "Sudah sesuai.", actor="t")
        await explain_objection(uow, await employee(uow, DEWI), objection.id, EXPLANATION, actor="t")
    async with uow:
        detail = await objection_detail(uow, await employee(uow, RINA), objection.id, actor="t")
    assert detail.decidable and detail.objection.rater_explanation == EXPLANATION
    (told,) = [message for message in await messages(uow) if message.kind == "objection.explained"]
    assert told.employee_id == office[RINA].id and "Dewi Lestari, S.Sos. telah memberikan penjelasan" in text(told)
    async with uow:
        await reject_objection(uow, await employee(uow, RINA), objection.id, DECISION, actor="t")
    async with uow:
        with pytest.raises(Problem, match="already been decided"):
            await explain_objection(uow, await employee(uow, DEWI), objection.id, EXPLANATION, actor="t")


async def test_each_decision_is_final_and_copied_to_kepegawaian(uow, office):
    objection = await file(uow)
    async with uow:
        await accept_objection(uow, await employee(uow, RINA), objection.id, Rating.MEETS, Rating.MEETS, DECISION,
                               actor="t")
    found = {message.kind: message for message in await messages(uow)}
    assert text(found["objection.accepted"], "en").endswith("This decision is final.")
    copy = found["objection.copy-accepted"]
    assert copy.employee_id == office[BUDI].id
    assert text(copy) == (f"📋 Tembusan: Rina Marlina, S.E. menerima keberatan no. {objection.id} dari Andi Pratama, "
                          f"A.Md. (NIP {format_nip(ANDI)}) atas hasil penilaian kinerja periode Triwulan III 2026; "
                          f"hasilnya telah dikoreksi.\nAlasan: {DECISION}")


async def test_the_decision_is_reminded_before_it_is_due_and_escalated_when_overdue(uow, office, clock):
    objection = await file(uow)  # due Monday 7 December
    source = ObjectionDecisionReminders(RULES)

    async def plan(when):
        clock.now = wib(when)
        async with uow:
            return await reminders.plan(uow, [source], RULES)

    assert (await plan("2026-12-04 07:00")).queued == 1  # three days before: Friday
    assert (await plan("2026-12-07 07:00")).queued == 1  # the due day
    before = [message for message in await messages(uow, "reminder") if message.employee_id == office[RINA].id]
    assert [text(message) for message in before][0].endswith("paling lambat 7 Desember 2026 (tinggal 3 hari).")
    assert text(before[1]).endswith("(hari ini hari terakhir).")
    assert (await plan("2026-12-08 07:00")).queued == 1
    (overdue,) = [message for message in await messages(uow, "reminder") if message.employee_id == office[BUDI].id]
    assert "⚠️" in text(overdue) and "ditujukan kepada Rina Marlina, S.E." in text(overdue)
    async with uow:
        await reject_objection(uow, await employee(uow, RINA), objection.id, DECISION, actor="t")
    assert (await plan("2026-12-09 07:00")).queued == 0


async def test_after_a_downtime_only_the_latest_due_reminder_goes_out_and_a_decision_withdraws_it(uow, office,
                                                                                                  clock):
    objection = await file(uow)
    clock.now = wib("2026-12-07 07:00")  # the planner was down since before the three-days stage
    async with uow:
        assert (await reminders.plan(uow, [ObjectionDecisionReminders(RULES)], RULES)).queued == 1
    (reminder,) = await messages(uow, "reminder")
    assert reminder.dedupe_key.endswith(f":due-0d:{office[RINA].id}")
    async with uow:
        await reject_objection(uow, await employee(uow, RINA), objection.id, DECISION, actor="t")
    (reminder,) = await messages(uow, "reminder")
    assert reminder.state == OutboxState.CANCELLED


async def test_kepegawaian_sees_open_objections_by_age(uow, office, clock):
    first = await file(uow)
    clock.advance(days=5)
    sri = await add_appraisal(uow, SRI)
    async with uow:
        second = await file_objection(uow, await employee(uow, SRI), sri.id, REASONS, POLICY, actor="t")
    clock.advance(days=8)  # 10 December: the first was due on 7 December
    async with uow:
        found = await open_objections(uow, POLICY)
    assert [(item.objection.id, item.age_days, item.days_overdue) for item in found] == [
        (first.id, 13, 3), (second.id, 8, 0)]


def test_the_decision_period_is_a_setting():
    assert load_settings({}, env_file=None).objection_decision_days == 14
    assert load_settings({"KEBERATAN_DECISION_DAYS": "21"}, env_file=None).objection_decision_days == 21
