"""An ``.ics`` file for a workshop someone signed up for, so it lands in their phone's calendar."""

from __future__ import annotations

import re
from dataclasses import dataclass

from storage.models import Enrolment, EnrolmentState, Workshop
from storage.problems import N_, Problem
from storage.services.workshops import workshop_or_problem
from storage.uow import UnitOfWork

PRODUCT_ID = "-//ASN Karier Plaju//asn-karier-bot//ID"


@dataclass(frozen=True)
class CalendarFile:
    filename: str
    content: bytes


async def workshop_calendar(uow: UnitOfWork, employee_id: int, workshop_id: int) -> CalendarFile:
    """The calendar entry for the employee's enrolment; only for people who signed up and are not cancelled."""
    workshop = await workshop_or_problem(uow, workshop_id)
    enrolment = await uow.enrolments.current(employee_id, workshop_id)
    if enrolment is None:
        raise Problem(N_("You are not registered for this workshop."))
    filename = re.sub(r"[^A-Za-z0-9._-]", "-", workshop.code) + ".ics"
    return CalendarFile(filename, calendar_bytes(workshop, enrolment, uow.clock()))


def calendar_bytes(workshop: Workshop, enrolment: Enrolment, now) -> bytes:
    """One VEVENT in UTC; the UID is stable, so a second download updates the same calendar entry."""
    from icalendar import Calendar, Event  # noqa: PLC0415 (lazy: only this download needs it, an idle bot does not)

    event = Event()
    event.add("uid", f"workshop-{workshop.id}@asn-karier-bot")
    event.add("dtstamp", now)
    event.add("dtstart", workshop.starts_at)
    event.add("dtend", workshop.ends_at)
    event.add("summary", workshop.title)
    event.add("location", workshop.location)
    jp = None if workshop.non_training else f"{workshop.jp} JP"
    details = " · ".join(filter(None, (workshop.organiser, workshop.kind, jp, workshop.code)))
    event.add("description", "\n\n".join(filter(None, (workshop.description, details))))
    if workshop.location.startswith(("http://", "https://")):
        event.add("url", workshop.location)
    event.add("status", "TENTATIVE" if enrolment.state == EnrolmentState.WAITLISTED else "CONFIRMED")
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    calendar.add_component(event)
    return calendar.to_ical()
