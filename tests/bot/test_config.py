"""Settings: each one's variable, reader and default are written once, in :class:`bot.config.Settings`."""

from dataclasses import fields
from datetime import time

import pytest

from bot.config import ConfigError, Settings, load_settings
from bot.policies import policies


def test_no_variable_set_means_every_default():
    assert load_settings({}, env_file=None) == Settings()


def test_every_setting_is_read_from_its_own_variable():
    names = [setting.metadata["variable"] for setting in fields(Settings)]
    assert len(names) == len(set(names)) == len(fields(Settings))


def test_variables_override_and_reach_the_policies():
    settings = load_settings({"QUIET_HOURS_START": "22.30", "REMINDERS_PER_DAY": "5", "JP_TARGET_PNS": "30",
                              "KEBERATAN_WINDOW_DAYS": "21", "TELEGRAM_MESSAGES_PER_SECOND": "0"}, env_file=None)
    chosen = policies(settings)
    assert (chosen.quiet.quiet_start, chosen.quiet.quiet_end, chosen.quiet.daily_cap) == (time(22, 30), time(6), 5)
    assert chosen.training.jp_target_pns == 30 and chosen.objections.window_days == 21
    assert settings.telegram_per_second == 0


@pytest.mark.parametrize(("variable", "value", "message"), [
    ("QUIET_HOURS_END", "25:00", "QUIET_HOURS_END must be a time of day"),
    ("BOT_TIMEZONE", "Mars/Olympus", "BOT_TIMEZONE is not a known time zone"),
    ("TELEGRAM_BOT_TOKEN", "nope", "TELEGRAM_BOT_TOKEN is malformed"),
    ("BOT_CONCURRENT_UPDATES", "0", "BOT_CONCURRENT_UPDATES must be a positive whole number"),
])
def test_a_malformed_value_names_its_variable(variable, value, message):
    with pytest.raises(ConfigError, match=message):
        load_settings({variable: value}, env_file=None)


def test_jp_minutes_reaches_the_training_policy_the_imports_use():
    """Bug caught: ``JP_MINUTES`` read but the workshop import given a policy built with the default 45."""
    chosen = policies(load_settings({"JP_MINUTES": "60"}, env_file=None))
    assert chosen.training.jp_minutes == chosen.imports.training.jp_minutes == 60
    assert policies(Settings()).training.jp_minutes == 45
