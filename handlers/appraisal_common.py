"""What the appraisal and objection screens share: the objection policy and how a result reads in one line."""

from __future__ import annotations

from bot.appraisal_labels import period_label, predikat_label, rating_label
from bot.context import BotContext
from bot.i18n import Translator
from storage.models import Appraisal
from storage.services.appraisals import ObjectionPolicy


def policy(context: BotContext) -> ObjectionPolicy:
    return context.application.policies.objections


def result_line(_: Translator, appraisal: Appraisal) -> str:
    """One line: the period, both ratings and the predikat."""
    return _("{period}: work results {results}, work behaviour {behaviour} → <b>{predikat}</b>",
             period=period_label(_, appraisal.period), results=rating_label(_, appraisal.work_results),
             behaviour=rating_label(_, appraisal.work_behaviour), predikat=predikat_label(_, appraisal.predikat))


