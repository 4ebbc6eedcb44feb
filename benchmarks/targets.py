"""Issue #34's targets, checked against a run's figures: a "targets" column per page and a summary per target.

Plain functions of the rows (no Django), so that the reading of a target is tested on its own
(tests/test_benchmark_targets.py). A page's `kind` says which targets are its own: "anchor" (the trivial view, "ok,
logged in", the admin change list: the yardsticks, held to none), "page", "status grid" (also at most 12 ms),
"published" (also at least 0.5x "ok, logged in") and "public" (also at least 0.4x the trivial view). Each run is one
reading on a shared machine: the ratios are measured side by side, the milliseconds are in-process medians.
"""

import statistics
from dataclasses import dataclass

ANCHOR = "anchor"
PAGE = "page"
STATUS_GRID = "status grid"
PUBLISHED = "published"
PUBLIC = "public"


@dataclass(frozen=True)
class Target:
    name: str  # as the summary says it
    short: str  # as the page table's column says it when missed
    kinds: tuple  # the kinds of page it applies to
    value: object  # row -> the figure (a row's ratios are taken against its own round's anchors: pages.summarise)
    limit: float
    at_least: bool  # True: the figure must reach the limit; False: stay at or under it
    unit: str

    def met(self, figure):
        return figure >= self.limit if self.at_least else figure <= self.limit

    def show(self, figure):
        return f"{figure:.2f}{self.unit}" if self.unit == "x" else f"{figure:.1f} {self.unit}"


EVERY_PAGE = (PAGE, STATUS_GRID, PUBLISHED, PUBLIC)

PAGE_TARGETS = [
    Target("every page at least 2x the admin change list's req/s", "≥2x admin list", EVERY_PAGE,
           lambda row: row["vs_admin"], 2.0, True, "x"),
    Target("every page at most 25 ms in-process", "≤25 ms", EVERY_PAGE, lambda row: row["server_ms"], 25.0,
           False, "ms"),
    Target("the status grid at most 12 ms in-process at 40 initiatives", "≤12 ms", (STATUS_GRID,),
           lambda row: row["server_ms"], 12.0, False, "ms"),
    Target("published, immutable pages at least 0.5x \"ok, logged in\"", "≥0.5x ok logged in", (PUBLISHED,),
           lambda row: row["vs_ok_login"], 0.5, True, "x"),
    Target("public pages without login at least 0.4x the trivial view", "≥0.4x ok", (PUBLIC,),
           lambda row: row["vs_ok"], 0.4, True, "x"),
    Target("every page at most 30 KB compressed", "≤30 KB gzip", EVERY_PAGE, lambda row: row["gzip_kb"], 30.0,
           False, "KB"),
]


def missed(row, targets=PAGE_TARGETS):
    """The page table's "targets" column: "met", "-" for an anchor, or the short names of the targets missed."""
    own = [t for t in targets if row["kind"] in t.kinds]
    if not own:
        return "-"
    failed = [t.short for t in own if not t.met(t.value(row))]
    return "met" if not failed else "not met: " + ", ".join(failed)


def summary(rows, targets=PAGE_TARGETS):
    """A line per target: met or not, how many of its pages, the ones that miss it (worst first) and the range of
    the others."""
    lines = ["| target | met | pages that miss it (worst first) | the others |", "| --- | --- | --- | --- |"]
    for target in targets:
        figures = [(row["page"], target.value(row)) for row in rows if row["kind"] in target.kinds]
        if not figures:
            lines.append(f"| {target.name} | not measured | | |")
            continue
        failed = sorted((f for f in figures if not target.met(f[1])), key=lambda f: f[1], reverse=not target.at_least)
        passed = [value for _name, value in figures if target.met(value)]
        verdict = "met" if not failed else f"not met ({len(failed)} of {len(figures)})"
        misses = ", ".join(f"{name} {target.show(value)}" for name, value in failed)
        others = "" if not passed else (
            target.show(passed[0]) if len(passed) == 1 else f"{target.show(min(passed))} to {target.show(max(passed))}")
        lines.append(f"| {target.name} (limit {target.show(target.limit)}) | {verdict} | {misses} | {others} |")
    return lines


def report_summary(rows, linear, limit=1.1):
    """The reports' targets: each kind within `limit` of bare WeasyPrint on the same HTML, and linear (seconds per
    page at 400 initiatives within `limit` of those at 40)."""
    lines = ["| target | met | measured |", "| --- | --- | --- |"]
    ratios = [(row["name"], row["ours"] / row["plain"]) for row in rows]
    failed = [f"{name} {ratio:.2f}x" for name, ratio in ratios if ratio > limit]
    lines.append(f"| every report at most {limit}x bare WeasyPrint | "
                 f"{'met' if not failed else f'not met ({len(failed)} of {len(ratios)})'} | "
                 + ", ".join(f"{name} {ratio:.2f}x" for name, ratio in ratios) + " |")
    lines.append(f"| linear: seconds per page at 400 initiatives at most {limit}x those at 40 | "
                 f"{'met' if linear <= limit else 'not met'} | {linear:.2f}x |")
    return lines


def over_rounds(own, anchors):
    """A page's wrk figures ({rps, p50, p95, errors} per round) summed up over the rounds: the median of each, and
    the median of its ratios to the anchors' figures of the same round (anchors: {"ok", "ok_login", "admin"} ->
    their figures per round), so that the machine's other work, which changes over a run, falls on both."""
    def ratio(key, figure="rps"):
        return statistics.median(mine[figure] / theirs[figure] if theirs[figure] else 0.0
                                 for mine, theirs in zip(own, anchors[key], strict=True))

    return {"rps": statistics.median(f["rps"] for f in own), "p50": statistics.median(f["p50"] for f in own),
            "p95": statistics.median(f["p95"] for f in own), "errors": sum(f["errors"] for f in own),
            "vs_ok": ratio("ok"), "vs_ok_login": ratio("ok_login"), "vs_admin": ratio("admin"),
            "p95_vs_ok": ratio("ok", "p95")}
