"""Counts read right in English: "1 year", "2 years", through ngettext everywhere a count meets a noun."""

import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from bot.i18n import I18n
from handlers.workshop_common import seats_text
from storage.models import Workshop
from storage.problems import Problem
from storage.rendered import days, months, years
from storage.services.outbox import decode_params, encode_params
from storage.services.training_hours import TrainingPolicy
from tests.test_catalogs import catalog

COUNTED_NOUN = re.compile(r"\{\w+\}(</b>)? (days?|years?|months?|rows?|people|persons?|recipients?|messages?|"
                          r"objections?|employees?)\b")


def test_no_single_form_message_puts_a_number_before_a_countable_noun():
    offenders = [message.id for message in catalog("en")
                 if isinstance(message.id, str) and COUNTED_NOUN.search(message.id)]
    assert offenders == []


def test_counted_phrases_take_the_readers_plural_form_also_in_queued_messages():
    english = I18n(ZoneInfo("Asia/Jakarta"), "en").translator("en")
    indonesian = I18n(ZoneInfo("Asia/Jakarta"), "id").translator("id")
    problem = Problem("{years} and {months}", years=years(1), months=months(6))
    assert english.problem(problem) == "1 year and 6 months"
    assert indonesian("{value}", value=years(2)) == "2 tahun"
    queued = decode_params(encode_params({"left": days(2), "on": date(2026, 12, 1)}))
    assert english("{left}", **queued) == "2 days" and english("{left}", left=days(1)) == "1 day"


COUNTED_AFTER_WORDS = re.compile(r"\{(\w+)\}(?:</b>)?(?: [\w-]+){0,2}? (days|years|months|hours|minutes|seats|"
                                 r"workshops|people|recipients|messages|objections|employees|notices|codes|"
                                 r"entries|enrolments|rows)\b")
RANGES = {"{years} to 5 years"}  # "2 to 5 years": the noun counts the upper end, never 1


def test_no_single_form_message_counts_a_noun_a_word_or_two_after_the_number():
    """Bug caught: "• 1 open objections", "1 of 1 seats left", "valid for 1 days" (a count meets its noun
    across an adjective or another number, which the pattern above does not see)."""
    offenders = [message.id for message in catalog("en") if isinstance(message.id, str)
                 and any(match.group(0) not in RANGES for match in COUNTED_AFTER_WORDS.finditer(message.id))]
    assert offenders == []


def test_counts_that_can_be_one_read_in_the_singular():
    """Bug caught: the seat count and the JP-schedule refusal left in one plural form ("1 of 1 seats left", "at
    1 minutes a JP" with JP_MINUTES=1)."""
    english = I18n(ZoneInfo("Asia/Jakarta"), "en").translator("en")
    assert seats_text(english, Workshop(capacity=1, seats_taken=0), 0) == "💺 1 of 1 seat left"
    assert seats_text(english, Workshop(capacity=20, seats_taken=19), 0) == "💺 1 of 20 seats left"
    start = datetime(2026, 12, 3, 9, tzinfo=ZoneInfo("Asia/Jakarta"))
    refusal = TrainingPolicy(jp_minutes=1).jp_problem(start, start + timedelta(minutes=1), 2, non_training=False)
    assert english.problem(refusal) == ("2 JP do not fit the schedule: 1 minute from start to end hold at most 1 JP "
                                        "at 1 minute a JP.")
