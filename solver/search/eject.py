"""Place a meeting in time by moving what is in its way, moving as few bookings as it can.

A repair must move only what it must: every move of a booked meeting is phone calls, a new
invite and a risk that someone does not come. So for each chair and day of the meeting's window
the bookings in its way come out (that chair-day; then its whole week, for the weekly cap; then
its rooms that day), the meeting goes where it displaces the fewest of them, every one that
still fits goes straight back, and only the rest are rebooked in time (a blocker may in turn
eject others: a chain). Each trial is undone and judged by (bookings taken off their `current`,
bookings changed, score increase); the best trial is kept, not the first that works.
"""

from __future__ import annotations

from dataclasses import dataclass

from solver.search.insert import Inserter
from solver.search.occupancy import slots, start_of
from solver.search.problem import Meeting, Placement, overlaps
from solver.search.score import meeting_terms, route_minutes, weighted

Journal = dict[int, Placement | None]  # meeting → where it was before a trial touched it
# Trials per meeting: enough to find a one-move chain on a county month (measured: 15 trials
# moved 25 meetings where 30 moved 23 and 60 no fewer), few enough to keep a first plan quick.
TRIALS_PER_MEETING = 30
TRIALS_PER_LINK = 8  # for a blocker that ejects in turn, deeper in a chain


@dataclass
class Outcome:
    key: tuple[int, int, int]  # (moves off `current` added, bookings changed, score added)
    placements: dict[int, Placement | None]
    chair_days: set[tuple[int, int]]  # where the trial changed a chair's route


class Ejector:
    def __init__(self, inserter: Inserter, depth: int = 2, budget: int = 400):
        self.inserter = inserter
        self.problem = inserter.problem
        self.occupancy = inserter.occupancy
        self.depth = depth  # how many links of a chain of moves: a blocker may eject in turn
        self.budget = budget  # trials left: a chain search must not eat the time limit
        self.journals: list[Journal] = []  # one per trial in progress, innermost last
        self.pinned = [meeting.pinned for meeting in self.problem.meetings]

    def place_in_time(self, m: int, depth: int | None = None) -> bool:
        depth = self.depth if depth is None else depth
        best: Outcome | None = None
        trials = self.trials(self.problem.meetings[m], depth)
        many = TRIALS_PER_MEETING if depth == self.depth else TRIALS_PER_LINK
        for chair, day, blockers in trials[:many]:
            if self.budget <= 0:
                break
            self.budget -= 1
            outcome = self.attempt(m, chair, day, blockers, depth)
            if outcome is not None and (best is None or outcome.key < best.key):
                best = outcome
                if best.key[1] == 0:
                    break  # nothing else changed: no trial can do better
        if best is None:
            return False
        self.move_to(best.placements)
        return True

    def trials(self, meeting: Meeting, depth: int) -> list[tuple[int, int, list[int]]]:
        """(chair, day, bookings to take out), the least crowded chair-days first."""
        problem, occ = self.problem, self.occupancy
        found = []
        for chair in meeting.chairs:
            cost = self.inserter.chair_cost(meeting, chair)
            for day in meeting.days:
                if (
                    day > meeting.latest
                    or problem.weekday_of(day) not in problem.chairs[chair].weekdays
                ):
                    continue
                scopes = self.in_the_way(meeting, chair, day)
                crowd = len(occ.chair_day.get((chair, day), ()))
                for k, blockers in enumerate(scopes if depth == self.depth else scopes[:1]):
                    if blockers:
                        found.append(((k, crowd, cost, chair, day), chair, day, blockers))
        found.sort(key=lambda t: t[0])
        return [(chair, day, blockers) for _, chair, day, blockers in found]

    def in_the_way(self, meeting: Meeting, chair: int, day: int) -> list[list[int]]:
        occ, pinned = self.occupancy, self.pinned
        unpinned = [o for o in occ.chair_day.get((chair, day), ()) if not pinned[o]]
        weekly = [
            o
            for other in self.week_days(day)
            if other != day
            for o in occ.chair_day.get((chair, other), ())
            if not pinned[o]
        ]
        rooms = [
            o for r in meeting.rooms[:3] for o in occ.room_day.get((r, day), ()) if not pinned[o]
        ]
        return [unpinned, unpinned + weekly, rooms]

    def week_days(self, day: int) -> list[int]:
        """The horizon's days in `day`'s ISO week (its weekly cap is shared by them)."""
        cache = self.problem.cache
        if "week_days" not in cache:
            weeks: dict[tuple[int, int], list[int]] = {}
            for d in self.problem.days:
                weeks.setdefault(self.problem.week_of(d), []).append(d)
            cache["week_days"] = {d: weeks[self.problem.week_of(d)] for d in self.problem.days}
        return cache["week_days"].get(day, [day])

    # --- one trial, always undone: its outcome says what it would change
    def attempt(
        self, m: int, chair: int, day: int, blockers: list[int], depth: int
    ) -> Outcome | None:
        journal: Journal = {}
        self.journals.append(journal)
        try:
            done = self.trial(m, chair, day, blockers, depth)
            outcome = self.outcome(m, journal) if done else None
        finally:
            self.journals.pop()
            self.move_to(journal)
        if outcome is not None:
            before = self.local_cost(journal, outcome.chair_days)
            outcome.key = (*outcome.key[:2], outcome.key[2] - before)
        return outcome

    def trial(self, m: int, chair: int, day: int, blockers: list[int], depth: int) -> bool:
        occ = self.occupancy
        blockers = [b for b in dict.fromkeys(blockers) if b != m]
        saved = {o: occ.plan[o] for o in blockers}
        if m in occ.plan:
            self._take(m)
        for o in blockers:
            self._take(o)
        placed = self.least_disruptive(self.problem.meetings[m], chair, day, saved)
        if placed is None:
            return False
        self._book(m, placed)
        displaced = [o for o in self.restore_order(saved) if not self._put_back(o, saved[o])]
        return all(self._rebook_in_time(o, depth) for o in displaced)

    def least_disruptive(
        self, meeting: Meeting, chair: int, day: int, saved: dict[int, Placement]
    ) -> Placement | None:
        """The placement on this chair-day that clashes with fewest blockers, then costs least."""
        ranked = []
        for placed in self.placements_on(meeting, chair, day):
            clashes = sum(self.clash(meeting, placed, o, there) for o, there in saved.items())
            ranked.append((clashes, placed))
        if not ranked:
            return None
        fewest = min(c for c, _ in ranked)
        cost = self.inserter.cost
        return min((p for c, p in ranked if c == fewest), key=lambda p: (cost(meeting, p), p.start))

    def placements_on(self, meeting: Meeting, chair: int, day: int) -> list[Placement]:
        problem, occ = self.problem, self.occupancy
        c = problem.chairs[chair]
        occ.work += 1
        base = occ.base_mask(meeting.idx, day)
        if not base or not occ.cap_room(meeting.idx, chair, day):
            return []
        if not meeting.needs_room:
            where = meeting.loc if meeting.format == "off_site" else None
            mask = base & occ.chair_mask(meeting.idx, chair, day, where)
            return [Placement(start_of(problem, day, k), chair, None) for k in slots(mask)]
        found = []
        for room in self.inserter.rooms_in_preference(meeting, c.kit):
            loc = problem.rooms[room].loc
            mask = base & occ.chair_mask(meeting.idx, chair, day, loc)
            mask &= occ.room_mask(meeting.idx, room, day)
            found += [Placement(start_of(problem, day, k), chair, room) for k in slots(mask)]
        return found

    def clash(self, meeting: Meeting, placed: Placement, o: int, there: Placement) -> bool:
        """Would `o`, booked at `there`, be in the way of `meeting` at `placed`?"""
        if placed.day != there.day:
            return False
        problem, other = self.problem, self.problem.meetings[o]
        start, end = placed.start, placed.start + meeting.duration
        o_start, o_end = there.start, there.start + other.duration
        if there.chair == placed.chair:
            here, away = problem.location(meeting, placed.room), problem.location(other, there.room)
            before = after = 0
            if here is not None and away is not None:
                before, after = problem.travel[away][here], problem.travel[here][away]
            if overlaps(start - before, end + after, o_start, o_end):
                return True
        shares = (there.room is not None and there.room == placed.room) or (
            set(meeting.required) & set(other.required)
        )
        return bool(shares) and overlaps(start, end, o_start, o_end)

    def restore_order(self, saved: dict[int, Placement]) -> list[int]:
        """Bookings still on their `current` first: putting those back saves a move."""
        meetings = self.problem.meetings

        def on_current(o: int) -> bool:
            return meetings[o].current == saved[o]

        return sorted(saved, key=lambda o: (not on_current(o), meetings[o].latest, o))

    def _put_back(self, o: int, placed: Placement) -> bool:
        if not self.occupancy.fits(o, placed):
            return False
        self._book(o, placed)
        return True

    def _rebook_in_time(self, m: int, depth: int) -> bool:
        meeting = self.problem.meetings[m]
        in_time = [d for d in meeting.days if d <= meeting.latest]
        option = self.inserter.best_option(meeting, in_time)
        if option is None:
            return depth > 1 and self.place_in_time(m, depth - 1)
        self._book(m, option[1])
        return True

    # --- judging a trial
    def outcome(self, m: int, journal: Journal) -> Outcome:
        plan = self.occupancy.plan
        final = {o: plan.get(o) for o in journal}
        moves = sum(
            self._off_current(o, final[o]) - self._off_current(o, journal[o]) for o in journal
        )
        changed = sum(final[o] != journal[o] for o in journal if o != m)
        chair_days = {
            (p.chair, p.day) for p in [*final.values(), *journal.values()] if p is not None
        }
        cost = self.local_cost(journal, chair_days)
        return Outcome((moves, changed, cost), final, chair_days)

    def _off_current(self, o: int, placed: Placement | None) -> int:
        current = self.problem.meetings[o].current
        return int(current is not None and placed != current)

    def local_cost(self, journal: Journal, chair_days: set[tuple[int, int]]) -> int:
        """The score of the journal's meetings and of these chair-days' routes, as things stand."""
        problem, occ = self.problem, self.occupancy
        total = 0
        for o in journal:
            placed = occ.plan.get(o)
            if placed is None:
                total += problem.weights["unscheduled"]
            else:
                total += weighted(problem, meeting_terms(problem, problem.meetings[o], placed))
        for chair, day in chair_days:
            stops = sorted(
                (occ.plan[o].start, loc)
                for o in occ.chair_day.get((chair, day), ())
                if (loc := problem.location(problem.meetings[o], occ.plan[o].room)) is not None
            )
            base = problem.chairs[chair].base
            total += problem.weights["chair_travel"] * route_minutes(
                problem, base, [loc for _, loc in stops]
            )
        return total

    # --- bookings, journalled so that a trial can be undone
    def move_to(self, journal: Journal) -> None:
        """Every meeting of `journal` to where it says (None: out of the plan)."""
        for o in journal:
            if o in self.occupancy.plan:
                self._take(o)
        for o, placed in journal.items():
            if placed is not None:
                self._book(o, placed)

    def _note(self, m: int) -> None:
        for journal in self.journals:
            if m not in journal:
                journal[m] = self.occupancy.plan.get(m)

    def _take(self, m: int) -> None:
        self._note(m)
        self.inserter.minutes[self.occupancy.plan[m].chair] -= self.problem.meetings[m].duration
        self.occupancy.remove(m)

    def _book(self, m: int, placed: Placement) -> None:
        self._note(m)
        self.occupancy.add(m, placed)
        self.inserter.minutes[placed.chair] += self.problem.meetings[m].duration
