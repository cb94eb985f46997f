#!/usr/bin/env python3
"""Plots and report of one bench/ run: reads RESULTS/*.csv and
RESULTS/machine.json, writes RESULTS/*.png (gnuplot), RESULTS/report.md and,
with --publish, docs/performance.md; prints the tables. The tables, plots
and sections are in restreambench/report/.

    report.py [--publish] [RESULTS]
"""
import os
import sys

from restreambench.config import HERE, TOP
from restreambench.report.document import report
from restreambench.report.summary import summary


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    publish = "--publish" in sys.argv
    res = os.path.abspath(args[0] if args else os.path.join(HERE, "results"))
    text, *rows = report(res, "", os.path.relpath(TOP, res) + "/")
    with open(os.path.join(res, "report.md"), "w") as f:
        f.write(text)
    if publish:
        rel = os.path.relpath(res, os.path.join(TOP, "docs")) + "/"
        text, *_ = report(res, rel, "../")
        with open(os.path.join(TOP, "docs", "performance.md"), "w") as f:
            f.write(text)
    print(summary(*rows))


if __name__ == "__main__":
    main()
