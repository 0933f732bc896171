"""Career aspirations: stating, changing, who may read them, and the demand Kepegawaian plans from."""

import pytest
from sqlalchemy import select

from storage.models import AspirationKind, AuditEntry
from storage.problems import Problem
from storage.services.aspirations import (
    MAX_PER_KIND,
    NOT_AVAILABLE,
    add_aspiration,
    add_topic,
    aspirations_of,
    choices,
    demand,
    own_aspirations,
    readers,
    remove_aspiration,
    retire_topic,
)
from tests.appraisal_factories import ANDI, BUDI, CAMAT, DEWI, RINA, SRI, add_office, employee


@pytest.fixture
async def office(uow):
    return await add_office(uow)  # Camat > Rina > Dewi > Andi, Sri; Budi (HR) under Rina


async def wish(uow, nip, kind, value, *, from_list=False):
    async with uow:
        return await add_aspiration(uow, await employee(uow, nip), kind, value, from_list=from_list)


async def topic(uow, name, nip=BUDI):
    async with uow:
        return await add_topic(uow, await employee(uow, nip), name, actor="test")


async def test_wishes_are_kept_per_kind_and_can_be_changed_any_time(uow, office):
    await topic(uow, "Manajemen ASN")
    assert await wish(uow, ANDI, AspirationKind.UNIT, "Seksi Pemerintahan", from_list=True)
    assert await wish(uow, ANDI, AspirationKind.TOPIC, "Manajemen ASN", from_list=True)
    typed = await wish(uow, ANDI, AspirationKind.TOPIC, "  Analisis   data kependudukan ")
    assert await wish(uow, ANDI, AspirationKind.POST, "Jabatan fungsional Analis SDM Aparatur")
    assert not await wish(uow, ANDI, AspirationKind.UNIT, "Seksi Pemerintahan", from_list=True)  # already there
    async with uow:
        mine = await own_aspirations(uow, await employee(uow, ANDI))
        assert [item.value for item in mine.of(AspirationKind.TOPIC)] == ["Manajemen ASN", "Analisis data kependudukan"]
        assert [item.from_list for item in mine.of(AspirationKind.TOPIC)] == [True, False]
        topics = mine.of(AspirationKind.TOPIC)
    async with uow:
        await remove_aspiration(uow, await employee(uow, SRI), topics[0].id)  # not hers: nothing happens
        await remove_aspiration(uow, await employee(uow, ANDI), topics[1].id)
        mine = await own_aspirations(uow, await employee(uow, ANDI))
    assert [item.value for item in mine.of(AspirationKind.TOPIC)] == ["Manajemen ASN"]
    assert typed is True


async def test_listed_values_must_be_on_the_list_and_there_is_a_cap(uow, office):
    with pytest.raises(Problem, match="no longer on the list"):
        await wish(uow, ANDI, AspirationKind.UNIT, "Kelurahan Atlantis", from_list=True)
    listed = await topic(uow, "Pelayanan publik")
    async with uow:
        await retire_topic(uow, await employee(uow, BUDI), listed.id, actor="test")
        assert await choices(uow, AspirationKind.TOPIC) == []
    with pytest.raises(Problem, match="no longer on the list"):
        await wish(uow, ANDI, AspirationKind.TOPIC, "Pelayanan publik", from_list=True)
    for number in range(MAX_PER_KIND):
        await wish(uow, ANDI, AspirationKind.POST, f"Jabatan {number}")
    with pytest.raises(Problem, match="at most"):
        await wish(uow, ANDI, AspirationKind.POST, "Satu lagi")
    with pytest.raises(Problem, match="longer than"):
        await wish(uow, SRI, AspirationKind.POST, "x" * 101)


async def test_only_kepegawaian_keeps_the_topic_list(uow, office):
    with pytest.raises(Problem, match="Only HR"):
        await topic(uow, "Kepemimpinan", nip=ANDI)
    await topic(uow, "Kepemimpinan")
    with pytest.raises(Problem, match="already on the list"):
        await topic(uow, "kepemimpinan")


async def test_the_superiors_chain_and_kepegawaian_read_them_nobody_else(uow, office):
    await wish(uow, ANDI, AspirationKind.POST, "Pranata Komputer")
    async with uow:
        andi = await employee(uow, ANDI)
        assert [person.nip for person in (await readers(uow, andi)).superiors] == [DEWI, RINA, CAMAT]
    for nip in (ANDI, DEWI, RINA, CAMAT, BUDI):
        async with uow:
            seen = await aspirations_of(uow, await employee(uow, nip), andi.id, actor=f"test:{nip}")
        assert [item.value for item in seen.of(AspirationKind.POST)] == ["Pranata Komputer"]
    for nip in (SRI,):  # a colleague
        async with uow:
            with pytest.raises(Problem, match="not available to you") as caught:
                await aspirations_of(uow, await employee(uow, nip), andi.id, actor="t")
        assert caught.value.message == NOT_AVAILABLE
    async with uow:
        with pytest.raises(Problem, match="not available to you"):  # the employee above cannot be read by the one below
            await aspirations_of(uow, andi, (await employee(uow, DEWI)).id, actor="t")
        audited = list(await uow.session.scalars(select(AuditEntry.actor).where(
            AuditEntry.action == "aspirations.viewed").order_by(AuditEntry.id)))
    assert audited == [f"test:{nip}" for nip in (DEWI, RINA, CAMAT, BUDI)]  # the employee's own reading is not


async def test_a_loop_in_the_superior_data_ends_the_chain(uow, office):
    async with uow:
        (await employee(uow, CAMAT)).superior_id = (await employee(uow, DEWI)).id
        await uow.commit()
    async with uow:
        chain = (await readers(uow, await employee(uow, ANDI))).superiors
    assert [person.nip for person in chain] == [DEWI, RINA, CAMAT]


async def test_demand_groups_typed_wishes_case_insensitively_most_asked_first(uow, office):
    await wish(uow, ANDI, AspirationKind.TOPIC, "Arsip digital")
    await wish(uow, SRI, AspirationKind.TOPIC, "arsip DIGITAL")
    await wish(uow, DEWI, AspirationKind.TOPIC, "Bahasa Inggris")
    await wish(uow, SRI, AspirationKind.UNIT, "Kelurahan Plaju Ulu")
    async with uow:
        (await employee(uow, DEWI)).active = False  # has left: no longer counted
        await uow.commit()
    async with uow:
        groups = await demand(uow)
    assert [(group.kind, group.value, sorted(person.nip for person in group.employees)) for group in groups] == [
        (AspirationKind.UNIT, "Kelurahan Plaju Ulu", [SRI]),
        (AspirationKind.TOPIC, "Arsip digital", sorted([ANDI, SRI])),
    ]
