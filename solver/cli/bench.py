"""`python -m solver bench`: Quorum against greedy, every plan checked.

    python -m solver bench [--sizes county-month metro-month region-quarter repair]
                           [--instances FILE ...] [--time-limit 10 [60]] [--workers 2]
                           [--deterministic]

Prints one row per instance and time limit, then the wall time of each stage of every solve,
then a table for the repair rows. Any plan the
checker rejects is printed in full after the tables, and the exit status is 1. With
--deterministic the solver's clock is CP-SAT's deterministic time, so the scores repeat from run
to run (the seconds and memory figures still vary).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from solver.bench.measure import Row, bench_instance, instances_to_bench
from solver.bench.repair import bench_repair
from solver.generate.profiles import SIZES

DEFAULT_SIZES = ["county-month", "metro-month", "region-quarter", "repair"]
MAIN_HEADERS = (
    "instance", "meetings", "limit s", "first plan s", "score", "bound", "gap", "unsched",
    "late", "convenience", "greedy score", "g unsched", "g late", "g convenience", "ratio",
    "peak MB", "check",
)  # fmt: skip
STAGES = ("first plan", "bound", "search", "explain")
STAGE_HEADERS = ("instance", "limit s", *(f"{stage} s" for stage in STAGES), "wall s")
REPAIR_HEADERS = (
    "instance", "base plan", "limit s", "repaired in s", "had to move", "(broken",
    "late if kept)", "new", "moved", "moved/had", "late", "unsched", "greedy moved", "check",
)  # fmt: skip


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "bench",
        help="benchmark the solver against the greedy baseline",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--sizes", nargs="*", choices=[*SIZES, "repair"], default=None)
    parser.add_argument("--instances", nargs="*", default=[], metavar="FILE")
    parser.add_argument("--time-limit", nargs="+", type=float, default=[10.0], metavar="S")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    parser.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    parser.add_argument(
        "--deterministic",
        action="store_true",
        help="solve in deterministic time (one CP-SAT worker): the same scores on every run",
    )
    parser.set_defaults(run=run)


def run(args: argparse.Namespace) -> int:
    sizes = args.sizes if args.sizes is not None else ([] if args.instances else DEFAULT_SIZES)
    plain = [s for s in sizes if s != "repair"]
    rows: list[Row] = []
    for load in instances_to_bench(plain, args.instances, args.seed):
        instance = load()
        for limit in args.time_limit:
            rows.append(bench_instance(instance, limit, args.workers, args.deterministic))
            _progress(rows[-1])
    if "repair" in sizes:
        for limit in args.time_limit:
            rows.append(bench_repair(limit, args.workers, args.seed, args.deterministic))
            _progress(rows[-1])
    print(render(rows))
    failures = failure_report(rows)
    if failures:
        print(failures)
    if args.json:
        Path(args.json).write_text(json.dumps([as_json(r) for r in rows], indent=1) + "\n")
    return 1 if failures else 0


def _progress(row: Row) -> None:
    print(f"... {row.instance} at {row.time_limit:g} s done", file=sys.stderr, flush=True)


def _num(value: float | int | None, digits: int = 0) -> str:
    if value is None:
        return "-"
    return f"{value:,.{digits}f}" if isinstance(value, float) else f"{value:,}"


def _pct(value: float | None) -> str:
    return "-" if value is None else f"{100 * value:.1f}%"


def main_cells(row: Row) -> list[str]:
    q, g = row.quorum, row.greedy
    return [
        row.instance, str(row.meetings), f"{row.time_limit:g}", _num(q.first_plan_seconds, 2),
        _num(q.score), _num(q.bound), _pct(q.gap), _num(q.unscheduled), _num(q.out_of_timescale),
        _num(q.convenience), _num(g.score), _num(g.unscheduled), _num(g.out_of_timescale),
        _num(g.convenience), _num(row.convenience_ratio, 3), _num(row.peak_memory_mb),
        "ok" if row.valid else "FAILED",
    ]  # fmt: skip


def stage_cells(row: Row) -> list[str]:
    q = row.quorum
    times = [_num(q.stages.get(stage), 2) for stage in STAGES]
    return [row.instance, f"{row.time_limit:g}", *times, _num(q.seconds, 2)]


def repair_cells(row: Row) -> list[str]:
    q, r = row.quorum, row.repair or {}
    had, moved = r.get("had_to_move"), r.get("moved")
    ratio = moved / had if had and moved is not None else None
    return [
        row.instance, str(r.get("base_plan", "-")), f"{row.time_limit:g}",
        _num(q.first_plan_seconds, 2), _num(had),
        _num(r.get("broken")), _num(r.get("late_if_kept")), _num(r.get("new")), _num(moved),
        _num(ratio, 2), _num(q.out_of_timescale), _num(q.unscheduled), _num(r.get("greedy_moved")),
        "ok" if row.valid else "FAILED",
    ]  # fmt: skip


def table(headers: tuple[str, ...], lines: list[list[str]]) -> str:
    widths = [max(len(h), *(len(line[k]) for line in lines)) for k, h in enumerate(headers)]

    def fmt(cells: list[str] | tuple[str, ...]) -> str:
        pairs = enumerate(zip(cells, widths, strict=True))
        return "  ".join(c.rjust(w) if k else c.ljust(w) for k, (c, w) in pairs)

    return "\n".join([fmt(headers), fmt(["-" * w for w in widths]), *(fmt(line) for line in lines)])


def render(rows: list[Row]) -> str:
    parts = []
    if rows:
        parts.append(table(MAIN_HEADERS, [main_cells(r) for r in rows]))
        parts.append("\nstages of each solve (wall seconds):")
        parts.append(table(STAGE_HEADERS, [stage_cells(r) for r in rows]))
    repairs = [r for r in rows if r.repair is not None]
    if repairs:
        parts.append("\nrepair (a disrupted county month):")
        parts.append(table(REPAIR_HEADERS, [repair_cells(r) for r in repairs]))
    return "\n".join(parts)


def failure_report(rows: list[Row]) -> str:
    lines = []
    for row in rows:
        for run in (row.quorum, row.greedy):
            if not run.valid:
                count = len(run.problems)
                where = f"{run.method} on {row.instance} at {row.time_limit:g} s"
                lines.append(f"!!! CHECK FAILED: {where} — {count} problem(s):")
                lines.extend(f"!!!   {problem}" for problem in run.problems[:20])
    return "\n".join(lines)


def as_json(row: Row) -> dict:
    def figures(run: object) -> dict:
        return {k: v for k, v in vars(run).items() if k != "solution"}

    return {
        "instance": row.instance,
        "meetings": row.meetings,
        "time_limit": row.time_limit,
        "quorum": figures(row.quorum),
        "greedy": figures(row.greedy),
        "convenience_ratio": row.convenience_ratio,
        "peak_memory_mb": row.peak_memory_mb,
        "repair": row.repair,
    }
