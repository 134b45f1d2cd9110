#!/usr/bin/env python
"""Actions and page loads to record a day of deliveries: the old per-woman form against
the delivery-day page, in real Chromium (issue 16, point 1).

    .venv/bin/python bench/delivery_day.py            # 20 women
    .venv/bin/python bench/delivery_day.py --women 50

Runs the browser test minka/production/tests/test_browser_delivery_day.py::
test_twenty_women_before_and_after (a live server on a fresh test database; each woman
owes 3 sweaters, every other one 3 hats too; all 3 pieces of each design come in, all A).
Before: on the order page «Entrega» of one allocation, fill pieces and grade A, save,
back on the order. After: on the delivery-day page, by keyboard, type what came in each
design of her row (Tab to the next design), Enter. An action is a click or an Enter
press; typing into a field is counted apart ("typed"). Page loads are the browser's
`load` events after the first page. Prints the figures and writes
bench/results/delivery_day.json.
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--women", type=int, default=20)
    args = p.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "figures.json"
        env = {
            **os.environ,
            "MINKA_BENCH_DELIVERY_OUT": str(out),
            "MINKA_BENCH_WOMEN": str(args.women),
        }
        started = time.perf_counter()
        test = (
            "minka/production/tests/test_browser_delivery_day.py::"
            "test_twenty_women_before_and_after"
        )
        run = subprocess.run(
            [sys.executable, "-m", "pytest", test, "-q", "-p", "no:cacheprovider"],
            cwd=ROOT,
            env=env,
        )
        if run.returncode or not out.exists():
            print("the browser run failed", file=sys.stderr)
            return 1
        figures = json.loads(out.read_text())
    figures["seconds"] = round(time.perf_counter() - started, 1)
    results = ROOT / "bench" / "results"
    results.mkdir(exist_ok=True)
    (results / "delivery_day.json").write_text(json.dumps(figures, indent=2) + "\n")
    n, allocations = figures["women"], figures["allocations"]
    print(f"{n} women, {allocations} designs owed (allocations)")
    print(f"{'':22}{'actions':>9}{'per woman':>11}{'page loads':>12}{'fields typed':>14}")
    for name in ("before", "after_laptop", "after_phone"):
        f = figures[name]
        print(
            f"{name:22}{f['actions']:>9}{f['actions'] / n:>11.1f}{f['loads']:>12}{f['typed']:>14}"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
