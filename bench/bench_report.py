"""Benchmark the report end to end against a bare baseline measured in the same run.

Each measurement runs in a fresh subprocess so peak memory (ru_maxrss) belongs to that run
alone. Both sides stream the same synthetic corpus, so the ratio is the cost of aggregation,
disclosure control and rendering over merely reading the records.

    python bench/bench_report.py [--sizes 10000 100000] [--runs 3]
"""

from __future__ import annotations

import argparse
import html
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = {10_000: 5.0, 100_000: 30.0}
TARGET_MB = 1024


def run_report(n: int, out: Path) -> None:
    """Everything a lead's `reflect report --csv` does, on n synthetic reflections."""
    from review.aggregate import aggregate
    from review.csv_export import write_csv
    from review.report import render_report
    from tests.support.synthetic_reviews import THEME_LABELS, SyntheticCorpus

    corpus = SyntheticCorpus(n)
    data = aggregate(corpus.reflections(), corpus.sessions(), labels=THEME_LABELS, total=n)
    (out / "report.html").write_text(render_report(data), encoding="utf-8")
    write_csv(data, None, out / "csv")


def run_baseline(n: int, out: Path) -> None:
    """The least a report could do: count themes with a Counter and print a bare page."""
    from tests.support.synthetic_reviews import SyntheticCorpus

    corpus = SyntheticCorpus(n)
    themes: Counter[str] = Counter()
    for rec in corpus.reflections():
        themes.update(rec.themes)
    sessions = sum(1 for _ in corpus.sessions())
    rows = "".join(f"<li>{html.escape(t)}: {c}</li>" for t, c in themes.most_common())
    page = f"<html><body><p>{sessions} sessions</p><ul>{rows}</ul></body></html>"
    (out / "baseline.html").write_text(page, encoding="utf-8")


def child(kind: str, n: int) -> None:
    """Run one measurement and print seconds and peak memory as JSON."""
    sys.path.insert(0, str(ROOT))
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        (run_report if kind == "report" else run_baseline)(n, Path(tmp))
        seconds = time.perf_counter() - start
    peak_kb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # kilobytes on Linux
    print(json.dumps({"seconds": seconds, "peak_mb": peak_kb / 1024}))


def measure(kind: str, n: int) -> dict[str, float]:
    """One fresh-process measurement."""
    proc = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(n)],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    result: dict[str, float] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def main() -> int:
    """Measure report and baseline at each size, print medians and ratios, check targets."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--child", nargs=2, metavar=("KIND", "N"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return 0
    ok = True
    print(
        f"{'n':>8} {'report s':>9} {'base s':>8} {'ratio':>6} {'report MB':>10} "
        f"{'base MB':>8} {'ratio':>6}  target"
    )
    for n in args.sizes:
        rep, base = [], []
        # interleave so drift in machine load hits both sides alike
        for _ in range(args.runs):
            base.append(measure("baseline", n))
            rep.append(measure("report", n))
        rs = statistics.median(r["seconds"] for r in rep)
        bs = statistics.median(b["seconds"] for b in base)
        rm = statistics.median(r["peak_mb"] for r in rep)
        bm = statistics.median(b["peak_mb"] for b in base)
        limit = TARGET_SECONDS.get(n)
        met = (limit is None or rs <= limit) and rm < TARGET_MB
        ok &= met
        target = (
            f"<= {limit:.0f} s, < {TARGET_MB} MB: {'met' if met else 'MISSED'}" if limit else ""
        )
        print(
            f"{n:>8} {rs:>9.2f} {bs:>8.2f} {rs / bs:>6.2f} {rm:>10.1f} {bm:>8.1f} "
            f"{rm / bm:>6.2f}  {target}"
        )
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
