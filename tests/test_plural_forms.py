"""Counts read right in English: "1 year", "2 years", through ngettext everywhere a count meets a noun."""

import re
from datetime import date
from zoneinfo import ZoneInfo

from bot.i18n import I18n
from storage.problems import Problem
from storage.rendered import days, months, years
from storage.services.outbox import decode_params, encode_params
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
