"""Rule 4's travel gaps and the chair_travel term: one circuit per chair-day.

A chair-day's route is base → its physical meetings in time order → base. Each physical meeting
that could be on the chair-day is a node (one per locality its room could be in); arc i→j means
"j is the next stop after i" and forces end_i + travel ≤ start_j. With a triangle inequality
between localities, gaps between consecutive stops imply the gap between any two; where the
instance's travel table breaks it, those pairs get an explicit either-or constraint as well.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from solver.search.cp.base import ModelBase
from solver.search.problem import Problem


@dataclass
class Stop:
    """A possible stop on one chair-day: fixed (lit None) or a free meeting at one locality."""

    meeting: int
    loc: int
    start: Any  # int for a fixed stop, the meeting's start variable for a free one
    duration: int
    earliest: int
    latest: int
    lit: Any  # presence literal, None when the stop is fixed
    hinted: bool  # present in the starting plan
    hint_start: int


def add_chair_day_routes(nm: ModelBase) -> None:
    candidates: dict[tuple[int, int], list[Stop]] = {}
    for free in nm.free.values():
        meeting = free.meeting
        if not meeting.physical:
            continue
        for (c, d), lit in free.options.items():
            stops = candidates.setdefault((c, d), [])
            stops.extend(_free_stops(nm, free, c, d, lit))
    for (c, d), stops in sorted(candidates.items()):
        stops = _fixed_stops(nm, c, d) + stops
        _add_route(nm, c, d, stops)


def _free_stops(nm: ModelBase, free, c: int, d: int, lit) -> list[Stop]:
    meeting, was = free.meeting, free.was
    low, high = free.bounds[(c, d)]
    on_day = was is not None and (was.chair, was.day) == (c, d)
    if meeting.format == "off_site":
        places = {meeting.loc: lit}
    elif len(free.loc_lits) == 1:
        places = {loc: lit for loc in free.loc_lits}
    else:
        places = {}
        for loc, here in free.loc_lits.items():
            hinted = on_day and nm.problem.rooms[was.room].loc == loc
            node = nm.new_bool(f"n_{meeting.id}_{c}_{d}_{loc}", hinted)
            nm.model.add_bool_and([lit, here]).only_enforce_if(node)
            nm.model.add_bool_or([node, lit.Not(), here.Not()])
            places[loc] = node
    stops = []
    for loc, node in places.items():
        hinted = on_day and nm.problem.location(meeting, was.room) == loc
        hint_start = was.start if was is not None else low
        stops.append(
            Stop(
                meeting.idx, loc, free.start, meeting.duration, low, high, node, hinted, hint_start
            )
        )
    return stops


def _fixed_stops(nm: ModelBase, c: int, d: int) -> list[Stop]:
    problem, fixed = nm.problem, nm.fixed
    stops = []
    for m in fixed.chair_day.get((c, d), ()):
        placed = fixed.plan[m]
        loc = problem.location(problem.meetings[m], placed.room)
        if loc is not None:
            s, dur = placed.start, problem.meetings[m].duration
            stops.append(Stop(m, loc, s, dur, s, s, None, True, s))
    return stops


def _add_route(nm: ModelBase, c: int, d: int, stops: list[Stop]) -> None:
    problem, model = nm.problem, nm.model
    base = problem.chairs[c].base
    travel = problem.travel
    free_meetings = {s.meeting for s in stops if s.lit is not None}
    if len(free_meetings) == 1 and all(s.lit is not None for s in stops):
        for stop in stops:  # one meeting alone on the day: the round trip is known
            nm.cost("chair_travel", stop.lit, travel[base][stop.loc] + travel[stop.loc][base])
        return
    order = sorted((s for s in stops if s.lit is None or s.hinted), key=lambda s: s.hint_start)
    follows = {(0, 0)} if not order else set()
    index = {id(s): i + 1 for i, s in enumerate(stops)}
    chain = [0] + [index[id(s)] for s in order] + [0]
    follows.update(zip(chain, chain[1:], strict=False))
    arcs = []
    if not any(s.lit is None for s in stops):
        arcs.append((0, 0, nm.new_bool(f"empty_{c}_{d}", (0, 0) in follows)))
    for i, stop in enumerate(stops, start=1):
        if stop.lit is not None:
            arcs.append((i, i, stop.lit.Not()))
        out = nm.new_bool(f"leave_{c}_{d}_{i}", (0, i) in follows)
        home = nm.new_bool(f"home_{c}_{d}_{i}", (i, 0) in follows)
        arcs += [(0, i, out), (i, 0, home)]
        nm.cost("chair_travel", out, travel[base][stop.loc])
        nm.cost("chair_travel", home, travel[stop.loc][base])
    for i, first in enumerate(stops, start=1):
        for j, then in enumerate(stops, start=1):
            if i == j or first.meeting == then.meeting:
                continue
            minutes = travel[first.loc][then.loc]
            if first.earliest + first.duration + minutes > then.latest:
                continue
            arc = nm.new_bool(f"next_{c}_{d}_{i}_{j}", (i, j) in follows)
            arcs.append((i, j, arc))
            model.add(first.start + first.duration + minutes <= then.start).only_enforce_if(arc)
            nm.cost("chair_travel", arc, minutes)
    model.add_circuit(arcs)
    _add_triangle_breakers(nm, c, d, stops)


def _add_triangle_breakers(nm: ModelBase, c: int, d: int, stops: list[Stop]) -> None:
    """Where travel A→C exceeds A→B→C, consecutive gaps do not imply the A–C gap: add it."""
    shortcuts = triangle_shortcuts(nm.problem)
    if not shortcuts:
        return
    for i, first in enumerate(stops):
        for then in stops[i + 1 :]:
            if first.meeting == then.meeting or (first.lit is None and then.lit is None):
                continue
            if (first.loc, then.loc) not in shortcuts:
                continue
            gap = nm.problem.travel[first.loc][then.loc]
            back = nm.problem.travel[then.loc][first.loc]
            present = [s.lit for s in (first, then) if s.lit is not None]
            before = nm.new_bool(f"tri_{c}_{d}_{i}", first.hint_start < then.hint_start)
            nm.model.add(first.start + first.duration + gap <= then.start).only_enforce_if(
                present + [before]
            )
            nm.model.add(then.start + then.duration + back <= first.start).only_enforce_if(
                present + [before.Not()]
            )


def triangle_shortcuts(problem: Problem) -> set[tuple[int, int]]:
    """Locality pairs whose direct travel is longer than some route through a third place."""
    if "shortcuts" not in problem.cache:
        t, n = problem.travel, len(problem.localities)
        problem.cache["shortcuts"] = {
            (a, b)
            for a in range(n)
            for b in range(n)
            if any(t[a][k] + t[k][b] < t[a][b] for k in range(n))
        }
    return problem.cache["shortcuts"]
