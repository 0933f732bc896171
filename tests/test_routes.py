"""Every callback route fits Telegram's 64 bytes at its longest, reads back what it built, and rejects the
crafted data a modified client could send."""

import pytest

from storage import routes

ROUTES = routes.every_route()


def test_routes_are_unique():
    assert len({route.pattern for route in ROUTES}) == len(ROUTES)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.prefix)
def test_longest_data_fits_telegram_and_reads_back(route):
    assert route.longest <= routes.MAX_BYTES
    biggest = [int("9" * part.longest) if part.read is int else None for part in route.parts]
    if None not in biggest:
        data = route.data(*biggest)
        assert len(data.encode()) == route.longest and route.parse(data) == tuple(biggest)


@pytest.mark.parametrize("route", ROUTES, ids=lambda route: route.prefix)
def test_crafted_data_is_not_parsed(route):
    for crafted in (None, "", route.prefix + ":X Y", route.prefix + ":1;DROP", route.prefix + "::", "ä" * 64,
                    route.prefix + ":1" * (len(route.parts) + 1)):
        assert route.parse(crafted) is None


def test_values_that_would_not_read_back_are_refused():
    with pytest.raises(ValueError):
        routes.APPRAISAL.data("1:2")
    with pytest.raises(ValueError):
        routes.APPRAISAL.data(10**9)
    assert routes.WORKSHOP.parse(routes.WORKSHOP.data(7)) == (7, None)
    assert routes.WORKSHOP.parse(routes.WORKSHOP.data(7, 2)) == (7, 2)
    assert routes.OBJECTION_ACCEPT.parse("ob:a:5:am") == (5, "am")
    assert routes.HR_ROTATION_NEW.family() == "^rhr:"
