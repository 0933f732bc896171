"""Typed dates: a wrong one is quoted back, shortened (found by the property test: a pasted page made the
answer longer than Telegram allows)."""

import pytest

from storage.local_time import parse_date, parse_local_datetime
from storage.problems import Problem


def test_a_long_wrong_date_is_quoted_back_short():
    with pytest.raises(Problem) as problem:
        parse_date("tanggal " * 1000)
    assert problem.value.params["text"].startswith("tanggal tanggal") and len(problem.value.params["text"]) == 40
    with pytest.raises(Problem) as problem:
        parse_local_datetime("besok pagi", None)
    assert problem.value.params == {"text": "besok pagi"}
