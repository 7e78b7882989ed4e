"""The five instance sizes: which service, which dates, how many chairs and rooms.

Each size has a fixed first day, so an instance depends only on (size, seed). The first days
are chosen to cross bank holidays on purpose (May Day and the spring bank holiday for the
metro month; Christmas and New Year for the regional quarter).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from solver.generate.geography import EAST_MIDLANDS, LINCOLNSHIRE, WIGAN, Geography


@dataclass(frozen=True)
class Roster:
    """One authority's Independent Reviewing Service team."""

    authority: str
    full_time: int  # 1.0 FTE, five days
    four_day: int  # 0.8 FTE
    three_day: int  # 0.6 FTE
    seniors: int  # chairs also graded `senior` (may chair pre-birth strategy meetings)
    team_managers: int


@dataclass(frozen=True)
class SizeProfile:
    size: str
    geography: Geography
    first_day: date
    n_days: int
    rosters: tuple[Roster, ...]
    rooms_per_locality: dict[str, int]
    # Meeting minutes planted in the busiest week ÷ the chairs' weekly capacity that week.
    peak_utilisation: float = 0.8
    # Each chair's chance of a week's annual leave in any four weeks of the horizon.
    leave_rate: float = 0.25


def _county_rooms(geography: Geography, big: dict[str, int]) -> dict[str, int]:
    return {town: big.get(town, 1) for town in geography.localities}


_LINCS_ROSTER = Roster("Lincolnshire", full_time=15, four_day=3, three_day=2, seniors=3,
                       team_managers=3)  # fmt: skip

_TINY_TOWNS = ("Lincoln", "Boston", "Grantham", "Sleaford")

PROFILES: dict[str, SizeProfile] = {
    "tiny": SizeProfile(
        size="tiny",
        geography=LINCOLNSHIRE.subset(_TINY_TOWNS),
        first_day=date(2026, 3, 2),
        n_days=5,
        rosters=(Roster("Lincolnshire", 2, 1, 0, seniors=1, team_managers=1),),
        rooms_per_locality={town: 1 for town in _TINY_TOWNS},
        leave_rate=0.0,
    ),
    "week": SizeProfile(
        size="week",
        geography=LINCOLNSHIRE,
        first_day=date(2026, 3, 9),
        n_days=5,
        rosters=(_LINCS_ROSTER,),
        rooms_per_locality=_county_rooms(LINCOLNSHIRE, {"Lincoln": 4, "Boston": 2}),
    ),
    "county-month": SizeProfile(
        size="county-month",
        geography=LINCOLNSHIRE,
        first_day=date(2026, 3, 2),
        n_days=21,
        rosters=(_LINCS_ROSTER,),
        rooms_per_locality=_county_rooms(LINCOLNSHIRE, {"Lincoln": 4, "Boston": 2}),
    ),
    "metro-month": SizeProfile(
        size="metro-month",
        geography=WIGAN,
        first_day=date(2026, 4, 27),
        n_days=21,
        rosters=(Roster("Wigan", 40, 8, 6, seniors=5, team_managers=5),),
        rooms_per_locality=_county_rooms(WIGAN, {"Wigan": 4, "Leigh": 3}),
    ),
    "region-quarter": SizeProfile(
        size="region-quarter",
        geography=EAST_MIDLANDS,
        first_day=date(2025, 11, 3),
        n_days=63,
        rosters=(
            # A regional service pools four smaller teams (about 60 FTE in all).
            Roster("Lincolnshire", 12, 2, 2, seniors=3, team_managers=3),
            Roster("Nottinghamshire", 13, 2, 2, seniors=3, team_managers=3),
            Roster("Derbyshire", 12, 2, 2, seniors=2, team_managers=2),
            Roster("Leicestershire", 12, 3, 1, seniors=3, team_managers=3),
        ),
        rooms_per_locality=_county_rooms(
            EAST_MIDLANDS,
            {"Lincoln": 2, "Boston": 2, "Nottingham": 4, "Derby": 3, "Leicester": 4},
        ),
    ),
}

SIZES = tuple(PROFILES)


def profile_for(size: str) -> SizeProfile:
    try:
        return PROFILES[size]
    except KeyError:
        known = ", ".join(SIZES)
        raise ValueError(f"unknown size {size!r}; choose one of {known}") from None
