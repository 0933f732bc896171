"""Personal data and files only in private chats, for button presses too: a crafted press on a message in a
group (the bot's pointer to the private chat) answers with a pop-up and writes nothing into the group."""

import pytest

from storage import routes
from tests.factories import BUDI, SITI, add_employee, link_user, make_hr
from tests.workshop_factories import add_workshop

HR_USER, STAFF_USER = 500, 501


@pytest.fixture
async def office(uow):
    await add_employee(uow, BUDI, "Budi Santoso", unit="Subbag Umum dan Kepegawaian")
    await make_hr(uow, BUDI)
    await link_user(uow, BUDI, HR_USER)
    siti = await add_employee(uow, SITI, "Siti Aminah", position="Analis Kebijakan", unit="Seksi Pemerintahan")
    await link_user(uow, SITI, STAFF_USER)
    return siti


async def test_presses_in_a_group_show_no_personal_data_and_send_no_files(app, emulator, office, uow):
    workshop = await add_workshop(uow)
    group = emulator.group(-1001, title="Grup Kantor Camat")
    (pointer,) = await group.send(STAFF_USER, "/menu")
    assert "chat pribadi" in pointer.text
    pointer_text = pointer.text
    presses = [(STAFF_USER, routes.MY_ROTATIONS.data()), (STAFF_USER, routes.MY_TRAINING.data()),
               (STAFF_USER, routes.APPRAISAL_HOME.data()), (STAFF_USER, routes.MAIN_MENU.data()),
               (HR_USER, routes.HR_EMPLOYEE.data(office.id)), (HR_USER, routes.HR_WORKSHOP_ROSTER.data(workshop.id)),
               (HR_USER, routes.BROADCAST_SHEET.data(1)), (HR_USER, routes.HR_ROTATIONS.data(0)),
               (HR_USER, routes.HR_REPORT.data("audit")), (HR_USER, routes.HR_SUMMARY.data()),
               (HR_USER, routes.HR_CODES_ISSUE.data("all")), (HR_USER, routes.HR_TEMPLATE.data("employees"))]
    for user_id, data in presses:
        await group.press_data(user_id, data, pointer.message_id)
        answer = emulator.user(user_id).callback_answers[-1]
        assert "chat pribadi" in answer.text and answer.show_alert, data
    assert [message.text for message in group.messages] == [pointer_text]  # nothing edited, nothing sent
    assert all(message.document is None for message in group.messages)
