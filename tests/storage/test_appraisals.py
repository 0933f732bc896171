from datetime import date

import pytest
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from storage.models import AuditEntry
from storage.problems import Problem
from storage.ratings import Predikat, Rating
from storage.services.appraisal_access import NOT_AVAILABLE, Relation
from storage.services.appraisals import (
    ObjectionPolicy,
    appraisal_card,
    appraisal_history,
    appraisal_home,
    team_overview,
)
from storage.services.objections import accept_objection, file_objection, objection_inbox, own_objections
from tests.appraisal_factories import ANDI, BUDI, CAMAT, DEWI, RINA, SRI, add_appraisal, add_office, employee

POLICY = ObjectionPolicy(window_days=14)
REASONS = "Target kinerja triwulan ini sudah saya capai seluruhnya, bukti dukung terlampir."


@pytest.fixture
async def office(uow):
    return await add_office(uow)


async def audit_actions(uow) -> list[tuple[str, str, str]]:
    async with uow:
        rows = await uow.session.scalars(select(AuditEntry).order_by(AuditEntry.id))
        return [(row.action, row.subject, (row.details or {}).get("relation")) for row in rows]


async def test_the_database_refuses_a_predikat_that_does_not_follow_the_matrix(uow, office):
    appraisal = await add_appraisal(uow)
    async with uow:
        stored = await uow.appraisals.get(appraisal.id)
        assert stored.predikat == Predikat.POOR  # Sesuai × Di Bawah
        stored.predikat = Predikat.GOOD.value
        with pytest.raises(IntegrityError):
            await uow.commit()


async def test_the_employee_the_raters_chain_and_hr_may_see_a_result_and_others_are_audited(uow, office):
    appraisal = await add_appraisal(uow)
    for viewer, relation in ((ANDI, Relation.SELF), (DEWI, Relation.RATER), (RINA, Relation.RATER_SUPERIOR),
                             (BUDI, Relation.HR)):
        async with uow:
            card = await appraisal_card(uow, await employee(uow, viewer), appraisal.id, POLICY, actor="telegram:1")
        assert card.relation == relation
    assert await audit_actions(uow) == [("appraisal.viewed", ANDI, relation) for relation in
                                        ("rater", "rater_superior", "hr")]


async def test_anyone_else_is_refused_whether_or_not_the_result_exists(uow, office):
    appraisal = await add_appraisal(uow)
    for viewer in (SRI, CAMAT):  # a colleague; the superior of the rater's superior
        for appraisal_id in (appraisal.id, appraisal.id + 1000):
            async with uow:
                with pytest.raises(Problem, match="not available to you") as caught:
                    await appraisal_card(uow, await employee(uow, viewer), appraisal_id, POLICY, actor="telegram:1")
            assert caught.value.message == NOT_AVAILABLE
    assert await audit_actions(uow) == []


async def test_the_addressee_of_an_objection_keeps_access_when_the_organisation_changes(uow, office):
    appraisal = await add_appraisal(uow)
    async with uow:
        await file_objection(uow, await employee(uow, ANDI), appraisal.id, REASONS, POLICY, actor="telegram:1")
    async with uow:
        (await employee(uow, DEWI)).superior_id = office[CAMAT].id  # Rina is no longer the rater's superior
        await uow.commit()
    async with uow:
        card = await appraisal_card(uow, await employee(uow, RINA), appraisal.id, POLICY, actor="telegram:2")
    assert card.relation == Relation.OBJECTION_ADDRESSEE


async def test_home_shows_the_newest_period_and_the_objection_window_in_wib_days(uow, office, clock):
    await add_appraisal(uow, period="2025", published_on=date(2026, 1, 15))
    await add_appraisal(uow, period="2026-09", published_on=date(2026, 10, 5))
    latest = await add_appraisal(uow, period="2026-Q3", published_on=date(2026, 11, 13))
    async with uow:
        home = await appraisal_home(uow, await employee(uow, ANDI), POLICY)
    assert home.latest.appraisal.id == latest.id and home.results == 3
    assert (home.latest.window.deadline, home.latest.window.days_left) == (date(2026, 11, 27), 0)  # the last day
    assert home.latest.can_object and not home.leads_team and home.inbox == 0
    clock.advance(hours=14, minutes=59)  # 23.59 WIB on the last day
    async with uow:
        assert (await appraisal_home(uow, await employee(uow, ANDI), POLICY)).latest.can_object
    clock.advance(minutes=1)  # midnight in WIB, still the 27th in UTC: closed
    async with uow:
        home = await appraisal_home(uow, await employee(uow, ANDI), POLICY)
    assert not home.latest.window.is_open and not home.latest.can_object


async def test_an_annual_result_comes_before_the_last_month_of_the_year(uow, office):
    await add_appraisal(uow, period="2025-12", published_on=date(2026, 1, 10))
    annual = await add_appraisal(uow, period="2025", published_on=date(2026, 1, 5))
    await add_appraisal(uow, period="2025-Q4", published_on=date(2026, 1, 10))
    async with uow:
        page = await appraisal_history(uow, await employee(uow, ANDI), 0)
    assert [appraisal.period for appraisal in page.items] == ["2025", "2025-Q4", "2025-12"]
    assert page.items[0].id == annual.id


async def test_team_overview_for_the_rater_and_the_raters_superior(uow, office):
    await add_appraisal(uow, ANDI, "2026-Q2", results=Rating.BELOW, behaviour=Rating.BELOW,
                        published_on=date(2026, 7, 10))
    andi = await add_appraisal(uow, ANDI, "2026-Q3", results=Rating.ABOVE, behaviour=Rating.ABOVE)
    sri = await add_appraisal(uow, SRI, "2026-Q3", results=Rating.MEETS, behaviour=Rating.MEETS)
    await add_appraisal(uow, DEWI, "2026-Q3", rater=RINA)
    async with uow:
        dewi = await team_overview(uow, await employee(uow, DEWI), 0, actor="telegram:7")
    assert [appraisal.id for appraisal in dewi.page.items] == [andi.id, sri.id]  # by name
    assert dewi.counts == {Predikat.VERY_GOOD: 1, Predikat.GOOD: 1}
    async with uow:
        rina = await team_overview(uow, await employee(uow, RINA), 0, actor="telegram:8")
    assert {appraisal.employee.nip for appraisal in rina.page.items} == {ANDI, SRI, DEWI}
    assert rina.counts == {Predikat.VERY_GOOD: 1, Predikat.GOOD: 1, Predikat.POOR: 1}
    viewed = [entry for entry in await audit_actions(uow) if entry[0] == "appraisal.viewed"]
    assert viewed == [("appraisal.viewed", ANDI, "rater"), ("appraisal.viewed", SRI, "rater"),
                      ("appraisal.viewed", ANDI, "rater_superior"), ("appraisal.viewed", DEWI, "rater"),
                      ("appraisal.viewed", SRI, "rater_superior")]
    async with uow:
        assert (await team_overview(uow, await employee(uow, ANDI), 0, actor="telegram:9")).page.total == 0
        assert (await appraisal_home(uow, await employee(uow, DEWI), POLICY)).leads_team


async def test_someone_moved_to_another_rater_leaves_the_old_team(uow, office):
    await add_appraisal(uow, ANDI, "2026-Q2", published_on=date(2026, 7, 10))
    await add_appraisal(uow, ANDI, "2026-Q3", rater=CAMAT)
    async with uow:
        dewi = await team_overview(uow, await employee(uow, DEWI), 0, actor="telegram:7")
        camat = await team_overview(uow, await employee(uow, CAMAT), 0, actor="telegram:8")
    assert dewi.page.total == 0 and [appraisal.period for appraisal in camat.page.items] == ["2026-Q3"]


async def test_lists_are_paged_and_a_stale_page_number_shows_the_nearest_page(uow, office):
    for number in range(1, 10):
        await add_appraisal(uow, ANDI, f"2025-{number:02d}", published_on=date(2026, 1, 5))
    await add_appraisal(uow, SRI, "2026-Q3")
    async with uow:
        first = await team_overview(uow, await employee(uow, DEWI), 0, actor="t")
        stale = await team_overview(uow, await employee(uow, DEWI), 7, actor="t")
    assert first.page.total == 2 and first.page.count == 1 and stale.page.number == 0
    async with uow:
        history = await appraisal_history(uow, await employee(uow, ANDI), 1)
    assert (history.number, history.count, len(history.items)) == (1, 2, 1)


async def test_the_home_screen_counts_agree_with_the_screens_behind_its_buttons(uow, office, clock):
    """The home screen asks the database for everything in one query; every other screen computes its own
    list. For each person in the office the two must agree."""
    await add_appraisal(uow, ANDI, "2026-Q2", published_on=date(2026, 7, 10))  # Dewi rated Andi's Q2 only:
    andi = await add_appraisal(uow, ANDI, "2026-Q3", rater=CAMAT)               # she has no team any more
    sri = await add_appraisal(uow, SRI, "2026-Q3", rater=RINA)
    await add_appraisal(uow, DEWI, "2026-Q3", rater=RINA)
    budi = await add_appraisal(uow, BUDI, "2026-Q3", rater=RINA)
    for nip, appraisal in ((SRI, sri), (ANDI, andi), (BUDI, budi)):  # to Camat, to HR (Budi), to Camat
        async with uow:
            await file_objection(uow, await employee(uow, nip), appraisal.id, REASONS, POLICY, actor="telegram:1")
    async with uow:  # accepting Sri's objection gives her a second version of Q3
        objection = (await own_objections(uow, await employee(uow, SRI), 0)).items[0]
        await accept_objection(uow, await employee(uow, CAMAT), objection.id, Rating.ABOVE, Rating.ABOVE,
                               "Bukti dukung lengkap, target triwulan tercapai seluruhnya.", actor="telegram:3")
    seen = {}
    for nip in (CAMAT, RINA, BUDI, DEWI, ANDI, SRI):
        async with uow:
            viewer = await employee(uow, nip)
            home = await appraisal_home(uow, viewer, POLICY)
            history = await appraisal_history(uow, viewer, 0)
            team = await team_overview(uow, viewer, 0, actor="telegram:9")
            inbox = await objection_inbox(uow, viewer, 0)
            mine = await own_objections(uow, viewer, 0)
        seen[nip] = (home.results, home.leads_team, home.inbox, home.own_objections)
        assert seen[nip] == (history.total, team.page.total > 0, inbox.total, mine.total), nip
        latest = next((appraisal for appraisal in history.items if appraisal.is_current), None)
        assert (home.latest.appraisal.id if home.latest else None) == (latest.id if latest else None), nip
    assert seen == {CAMAT: (0, True, 1, 0), RINA: (0, True, 0, 0), BUDI: (1, False, 1, 1),
                    DEWI: (1, False, 0, 0), ANDI: (2, False, 0, 1), SRI: (2, False, 0, 1)}


async def test_a_corrected_result_links_both_versions_and_names_the_objection_that_corrected_it(uow, office):
    """The card of an accepted objection's result points back and forth between versions and carries the
    accepted objection. Caught: ``version - 1`` → ``version + 1`` (no previous link), the ``is_current`` test
    inverted (a current card pointing at a next version)."""
    old = await add_appraisal(uow, SRI, rater=RINA)
    async with uow:
        objection = await file_objection(uow, await employee(uow, SRI), old.id, REASONS, POLICY, actor="telegram:1")
    async with uow:
        new = await accept_objection(uow, await employee(uow, CAMAT), objection.id, Rating.ABOVE, Rating.ABOVE,
                                     "Bukti dukung lengkap, target triwulan tercapai seluruhnya.", actor="telegram:3")
    async with uow:
        sri = await employee(uow, SRI)
        first = await appraisal_card(uow, sri, old.id, POLICY, actor="telegram:1")
        second = await appraisal_card(uow, sri, new.id, POLICY, actor="telegram:1")
        home = await appraisal_home(uow, sri, POLICY)
    assert (first.previous_version_id, first.next_version_id, first.correction) == (None, new.id, None)
    assert (second.previous_version_id, second.next_version_id) == (old.id, None)
    assert second.correction.id == objection.id
    assert [item.id for item in second.objections] == [objection.id] == [item.id for item in home.latest.objections]
    assert home.latest.appraisal.id == new.id and not first.can_object


async def test_without_objections_the_home_card_does_not_look_for_them(uow, office):
    """The home screen passes ``any_objections=False`` when the summary counted none; the card then offers
    to object. Caught: ``can_object`` requiring an open objection instead of none."""
    appraisal = await add_appraisal(uow, SRI, rater=RINA)
    async with uow:
        home = await appraisal_home(uow, await employee(uow, SRI), POLICY)
    assert home.latest.appraisal.id == appraisal.id and home.latest.objections == []
    assert home.latest.window.is_open and home.latest.can_object  # published 20 Nov, open until 4 Dec
