"""The day's route: VROOM's order, plan mode, plain reasons, and the straight-line fallback."""

import pytest
from django.utils import translation

from turvaverkko.core import routing as core_routing
from turvaverkko.outreach import routing

H = 3600
# Laitila, Uusikaupunki, Kemiönsaari (Kimito), Turku Runosmäki
POINTS = {"laitila": (60.878, 21.693), "uusikaupunki": (60.800, 21.408),
          "kimito": (60.163, 22.727), "runosmaki": (60.482, 22.243)}  # fmt: skip
DEPOT = (60.451, 22.266)  # Turku


def _stops():
    return [
        routing.Stop(1, "Laitila", POINTS["laitila"], 2 * H, (9 * H, 10 * H)),
        routing.Stop(2, "Uusikaupunki", POINTS["uusikaupunki"], 2 * H, (12 * H, 13 * H)),
        routing.Stop(3, "Runosmäki", POINTS["runosmaki"], H, None),
    ]


def test_straight_line_fallback_without_a_road_network():
    m = core_routing.straight_line_matrix([DEPOT, POINTS["laitila"]])
    # about 58 km × 1.3 at 60 km/h ≈ 75 minutes
    assert 70 * 60 < m[0][1] < 80 * 60 and m[0][0] == 0


@pytest.mark.django_db
def test_provider_is_asked_first_and_may_decline():
    calls = []

    def provider(points):
        calls.append(len(points))
        return None if len(points) > 2 else [[0, 5], [5, 0]]

    core_routing.register_duration_provider(provider)
    try:
        assert core_routing.duration_matrix([DEPOT, DEPOT]) == [[0, 5], [5, 0]]
        assert core_routing.duration_matrix([DEPOT] * 3)[0][1] == 0  # fell back
    finally:
        core_routing.unregister_duration_provider(provider)
    assert calls == [2, 3]


@pytest.mark.django_db
def test_solve_keeps_windows_and_takes_the_break():
    day = routing.Day(DEPOT, 7 * H, 17 * H, 1800, (11 * H, 13 * H))
    route = routing.solve(day, _stops())
    assert route.unassigned == []
    kinds = [s.kind for s in route.steps]
    assert kinds[0] == "start" and kinds[-1] == "end" and "break" in kinds
    at = {s.stop.name: s.arrival for s in route.steps if s.stop}
    assert 9 * H <= at["Laitila"] <= 10 * H and 12 * H <= at["Uusikaupunki"] <= 13 * H
    assert at["Laitila"] < at["Uusikaupunki"]


@pytest.mark.django_db
def test_unassigned_stop_comes_with_a_plain_reason():
    day = routing.Day(DEPOT, 7 * H, 12 * H, 0, None)
    with translation.override("en"):
        route = routing.solve(day, _stops())
    names = {s.name: why for s, why in route.unassigned}
    assert "Uusikaupunki" in names
    assert "too late to return" in names["Uusikaupunki"] or "too short" in names["Uusikaupunki"]


def test_plan_mode_gives_arrival_times_for_a_hand_made_order():
    day = routing.Day(DEPOT, 7 * H, 17 * H, 1800, (11 * H, 13 * H))
    stops = _stops()
    # depot, then the stops in the order given: Runosmäki, Uusikaupunki, Laitila
    m = [[0, 600, 3600, 3600], [600, 0, 3000, 3000], [3600, 3000, 0, 1200],
         [3600, 3000, 1200, 0]]  # fmt: skip
    route = routing.plan(day, [stops[2], stops[1], stops[0]], m)
    steps = [(s.kind, s.arrival, s.late) for s in route.steps]
    # Runosmäki 7.10–8.10; Uusikaupunki reached at 9.00 waits for its window (12–14); the
    # break before driving on; Laitila reached at 14.50, after its window: late
    assert steps[1] == ("stop", 7 * H + 600, False)
    assert steps[2] == ("stop", 12 * H, False)
    assert steps[3] == ("break", 14 * H, False)
    assert steps[4] == ("stop", 14 * H + 3000, True)
    assert steps[5] == ("end", 17 * H + 3000, True)
    assert route.travel == 600 + 3000 + 1200 + 3600


@pytest.mark.django_db
def test_a_visit_over_the_break_window_holds_the_break():
    """A 10-14 visit covers the whole 11-13 break window: the team takes the break during
    the visit instead of the stop being left out."""
    day = routing.Day(DEPOT, 8 * H, 17 * H, 1800, (11 * H, 13 * H))
    long_visit = routing.Stop(1, "Laitila", POINTS["laitila"], 4 * H, (9 * H + 2700, 10 * H))
    route = routing.solve(day, [long_visit])
    assert route.unassigned == []
    kinds = [(s.kind, s.arrival, s.stop.name if s.stop else None) for s in route.steps]
    assert kinds[1][0] == "stop" and kinds[1][2] == "Laitila"
    pause = [s for s in route.steps if s.kind == "break"]
    assert len(pause) == 1 and pause[0].stop == long_visit
    visit = route.steps[1]
    assert 11 * H <= pause[0].arrival <= 13 * H
    assert visit.arrival <= pause[0].arrival
    assert pause[0].arrival + 1800 <= visit.arrival + visit.service
