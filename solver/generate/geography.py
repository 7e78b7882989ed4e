"""Where meetings happen: localities and the driving times between them.

Pure data. Three geographies, one per kind of service the generator imitates:

- `LINCOLNSHIRE` — the demo county (a large rural shire; the web app's demo reuses it).
  Driving times are those of `tests/data/week.json`, which are realistic off-peak car times.
- `WIGAN` — a metropolitan borough: eight townships, every drive 10–25 minutes.
- `EAST_MIDLANDS` — a regional service covering four counties (Lincolnshire, Nottinghamshire,
  Derbyshire, Leicestershire). Lincolnshire pairs keep the county figures; the other pairs are
  estimated from the towns' coordinates (see `_estimated_minutes`).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Geography:
    """Localities with a symmetric, complete driving-time matrix (A→A is 0)."""

    name: str
    localities: tuple[str, ...]
    travel_minutes: Mapping[str, Mapping[str, int]]
    # Relative share of the service's families living in each locality (sums to about 1).
    population_share: Mapping[str, float] = field(default_factory=dict)
    # Which authority each locality belongs to (one authority for a county or borough).
    authority_of: Mapping[str, str] = field(default_factory=dict)

    def minutes(self, origin: str, destination: str) -> int:
        return self.travel_minutes[origin][destination]

    def subset(self, names: tuple[str, ...]) -> Geography:
        """The same geography restricted to some of its localities (for small instances)."""
        return Geography(
            name=self.name,
            localities=names,
            travel_minutes={a: {b: self.travel_minutes[a][b] for b in names} for a in names},
            population_share={n: self.population_share.get(n, 0.0) for n in names},
            authority_of={n: self.authority_of.get(n, self.name) for n in names},
        )

    def as_instance_fields(self) -> dict:
        """The `localities` and `travel_minutes` fields of an instance (fresh, JSON-ready)."""
        return {
            "localities": list(self.localities),
            "travel_minutes": {
                a: {b: self.travel_minutes[a][b] for b in self.localities} for a in self.localities
            },
        }


def _symmetric(pairs: Mapping[tuple[str, str], int], localities: tuple[str, ...]) -> dict:
    matrix: dict[str, dict[str, int]] = {a: {a: 0} for a in localities}
    for (a, b), minutes in pairs.items():
        matrix[a][b] = minutes
        matrix[b][a] = minutes
    return matrix


_LINCS_TOWNS = (
    "Lincoln",
    "Boston",
    "Grantham",
    "Skegness",
    "Gainsborough",
    "Spalding",
    "Stamford",
    "Sleaford",
    "Louth",
    "Horncastle",
)

# Upper triangle of the week.json matrix, row by row in _LINCS_TOWNS order.
_LINCS_UPPER = (
    (65, 55, 85, 40, 80, 90, 40, 55, 45),
    (60, 45, 95, 35, 65, 40, 60, 40),
    (95, 75, 50, 45, 35, 90, 70),
    (110, 75, 105, 75, 50, 45),
    (110, 115, 70, 70, 70),
    (40, 45, 90, 65),
    (55, 115, 90),
    (70, 45),
    (35,),
)


def _lincolnshire_pairs() -> dict[tuple[str, str], int]:
    pairs = {}
    for i, row in enumerate(_LINCS_UPPER):
        for offset, minutes in enumerate(row):
            pairs[(_LINCS_TOWNS[i], _LINCS_TOWNS[i + 1 + offset])] = minutes
    return pairs


LINCOLNSHIRE = Geography(
    name="Lincolnshire",
    localities=_LINCS_TOWNS,
    travel_minutes=_symmetric(_lincolnshire_pairs(), _LINCS_TOWNS),
    population_share={
        "Lincoln": 0.24,
        "Boston": 0.13,
        "Grantham": 0.11,
        "Skegness": 0.09,
        "Gainsborough": 0.08,
        "Spalding": 0.10,
        "Stamford": 0.06,
        "Sleaford": 0.07,
        "Louth": 0.08,
        "Horncastle": 0.04,
    },
    authority_of={town: "Lincolnshire" for town in _LINCS_TOWNS},
)

_WIGAN_TOWNS = (
    "Wigan",
    "Leigh",
    "Ashton-in-Makerfield",
    "Hindley",
    "Standish",
    "Atherton",
    "Golborne",
    "Tyldesley",
)
_WIGAN_UPPER = (
    (20, 15, 12, 10, 18, 18, 20),
    (18, 14, 25, 10, 12, 10),
    (14, 20, 18, 10, 18),
    (18, 10, 16, 13),
    (25, 25, 25),
    (17, 10),
    (14,),
)


def _upper_pairs(towns: tuple[str, ...], upper: tuple[tuple[int, ...], ...]) -> dict:
    return {
        (towns[i], towns[i + 1 + k]): minutes
        for i, row in enumerate(upper)
        for k, minutes in enumerate(row)
    }


WIGAN = Geography(
    name="Wigan (metropolitan borough)",
    localities=_WIGAN_TOWNS,
    travel_minutes=_symmetric(_upper_pairs(_WIGAN_TOWNS, _WIGAN_UPPER), _WIGAN_TOWNS),
    population_share={
        "Wigan": 0.30,
        "Leigh": 0.17,
        "Ashton-in-Makerfield": 0.10,
        "Hindley": 0.09,
        "Standish": 0.06,
        "Atherton": 0.09,
        "Golborne": 0.08,
        "Tyldesley": 0.11,
    },
    authority_of={town: "Wigan" for town in _WIGAN_TOWNS},
)

# (latitude, longitude) of the town centres, for the estimated regional drives.
_REGION_TOWNS: dict[str, tuple[str, float, float, float]] = {
    # town: (authority, latitude, longitude, population share within the region)
    "Lincoln": ("Lincolnshire", 53.234, -0.538, 0.06),
    "Boston": ("Lincolnshire", 52.978, -0.026, 0.035),
    "Grantham": ("Lincolnshire", 52.912, -0.642, 0.03),
    "Skegness": ("Lincolnshire", 53.144, 0.336, 0.025),
    "Gainsborough": ("Lincolnshire", 53.399, -0.775, 0.02),
    "Spalding": ("Lincolnshire", 52.787, -0.153, 0.025),
    "Stamford": ("Lincolnshire", 52.652, -0.480, 0.015),
    "Sleaford": ("Lincolnshire", 53.000, -0.409, 0.02),
    "Louth": ("Lincolnshire", 53.367, -0.006, 0.02),
    "Horncastle": ("Lincolnshire", 53.208, -0.114, 0.01),
    "Nottingham": ("Nottinghamshire", 52.954, -1.158, 0.13),
    "Mansfield": ("Nottinghamshire", 53.143, -1.198, 0.06),
    "Newark": ("Nottinghamshire", 53.076, -0.809, 0.03),
    "Worksop": ("Nottinghamshire", 53.302, -1.124, 0.035),
    "Retford": ("Nottinghamshire", 53.322, -0.943, 0.02),
    "Derby": ("Derbyshire", 52.922, -1.476, 0.11),
    "Chesterfield": ("Derbyshire", 53.235, -1.421, 0.06),
    "Buxton": ("Derbyshire", 53.259, -1.911, 0.02),
    "Matlock": ("Derbyshire", 53.138, -1.555, 0.02),
    "Ilkeston": ("Derbyshire", 52.971, -1.309, 0.03),
    "Leicester": ("Leicestershire", 52.637, -1.135, 0.13),
    "Loughborough": ("Leicestershire", 52.772, -1.206, 0.04),
    "Hinckley": ("Leicestershire", 52.541, -1.373, 0.03),
    "Melton Mowbray": ("Leicestershire", 52.766, -0.886, 0.02),
    "Market Harborough": ("Leicestershire", 52.478, -0.921, 0.02),
}


def _estimated_minutes(a: tuple[float, float], b: tuple[float, float]) -> int:
    """Car minutes from straight-line distance, rounded to 5.

    Calibrated on the Lincolnshire matrix: roads wind (×1.3) and average about 60 km/h off
    the motorways, plus ten minutes for getting out of one town and parked in the other.
    """
    lat = math.radians((a[0] + b[0]) / 2)
    dx = (b[1] - a[1]) * 111.32 * math.cos(lat)
    dy = (b[0] - a[0]) * 110.57
    km = math.hypot(dx, dy)
    return int(5 * round((10 + km * 1.3) / 5))


def _region_pairs() -> dict[tuple[str, str], int]:
    towns = list(_REGION_TOWNS)
    county = _lincolnshire_pairs()
    pairs = {}
    for i, a in enumerate(towns):
        for b in towns[i + 1 :]:
            known = county.get((a, b), county.get((b, a)))
            if known is None:
                known = _estimated_minutes(_REGION_TOWNS[a][1:3], _REGION_TOWNS[b][1:3])
            pairs[(a, b)] = known
    return pairs


EAST_MIDLANDS = Geography(
    name="East Midlands (four authorities)",
    localities=tuple(_REGION_TOWNS),
    travel_minutes=_symmetric(_region_pairs(), tuple(_REGION_TOWNS)),
    population_share={town: row[3] for town, row in _REGION_TOWNS.items()},
    authority_of={town: row[0] for town, row in _REGION_TOWNS.items()},
)
