#!/usr/bin/env python3
"""Counts test cases across meson test logs and prints 'N passed, N failed'.

A GstCheck program reports "Checks: N, Failures: F, Errors: E"; its cases
count one by one. Any other test counts as one case. A program that crashed,
timed out or printed no summary counts as failed.

The failing cases' own messages (check's "file:line:F:case:..." lines, or
the last lines of a program without them) are printed again before the
count, so the end of a long log still says why.
"""
import json
import re
import sys

SUMMARY = re.compile(r"(\d+)%: Checks: (\d+), Failures: (\d+), Errors: (\d+)")
CASE_FAILURE = re.compile(r"^[^\s:]+:\d+:[FE]:.*$", re.MULTILINE)

reasons = []


def remember_failure(build, name, output):
    lines = CASE_FAILURE.findall(output)
    if not lines:
        lines = [l for l in output.splitlines() if l.strip()][-5:]
    reasons.append((build, name, lines))


passed = failed = 0
for path in sys.argv[1:]:
    try:
        lines = open(path, encoding="utf-8").read().splitlines()
    except OSError as err:
        print(f"missing test log {path}: {err}")
        failed += 1
        continue
    for line in lines:
        entry = json.loads(line)
        name = entry.get("name")
        result = entry.get("result")
        output = (entry.get("stdout") or "") + (entry.get("stderr") or "")
        match = SUMMARY.search(output)
        if match and result in ("OK", "FAIL"):
            checks, failures, errors = (int(g) for g in match.groups()[1:])
            bad = failures + errors
            if result == "FAIL" and bad == 0:
                bad = 1
            passed += max(checks - bad, 0)
            failed += bad
            verdict = "ok" if bad == 0 else f"{bad} failing"
            if bad:
                remember_failure(path.split('/')[0], name, output)
            print(f"{path.split('/')[0]}: {name}: {checks} cases, {verdict}")
        else:
            ok = result in ("OK", "EXPECTEDFAIL")
            passed += ok
            failed += not ok
            if not ok:
                remember_failure(path.split('/')[0], name, output)
            print(f"{path.split('/')[0]}: {name}: {result}")
for build, name, lines in reasons:
    print(f"failing in {build}: {name}")
    for line in lines:
        print(f"  {line[:400]}")
print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
