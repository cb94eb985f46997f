"""Running the scenarios: one labelled run each, the fan-out cells repeated
in turns, the machine's description and the CSV files."""
import csv
import os
import platform
import subprocess
import time

from .config import TOP
from .procs import log, set_log_prefix


def first_line(cmd):
    try:
        return subprocess.run(cmd, capture_output=True, text=True,
                              timeout=10).stdout.splitlines()[0].strip()
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return ""


def machine_info(args, launcher):
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as f:
        mem = f.readline().split()[1]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "mode": "quick" if args.quick else "full",
        "nproc": os.cpu_count(), "cpu_model": model,
        "mem_gb": round(int(mem) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": first_line(["sh", "-c",
                          ". /etc/os-release && echo $PRETTY_NAME"]),
        "gstreamer": first_line(["gst-launch-1.0", "--version"]).split()[-1],
        "ffmpeg": first_line(["ffmpeg", "-version"]).split()[2],
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True,
                                text=True).stderr.strip().split("/")[-1],
        "srt": first_line(["pkg-config", "--modversion", "srt"]),
        "commit": first_line(["git", "-C", TOP, "rev-parse", "--short",
                              "HEAD"]),
        "nice": os.nice(0),
        "window_s": args.window, "warmup_s": args.warmup,
        "launcher": bool(launcher),
    }


def write_csv(path, rows):
    if not rows:
        return
    fields = list(rows[0].keys())
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def run(label, fn, *a):
    """fn(*a) under label, its processes' logs named after it; its row, or
    None when it failed."""
    set_log_prefix(label.replace(" ", "-").replace("=", "") + ".")
    log("bench: %s" % label)
    t0 = time.monotonic()
    try:
        row = fn(*a)
    except Exception as e:       # one broken run must not end the rest
        log("bench: %s failed: %s" % (label, e))
        return None
    if isinstance(row, dict):
        log("  " + ", ".join("%s=%s" % kv for kv in row.items()
                             if kv[0] not in ("scenario",)))
    log("  (%.1f s)" % (time.monotonic() - t0))
    return row


def median_cell(runs):
    """The run with the median CPU of one cell, with the spread of all."""
    runs = sorted(runs, key=lambda r: r["cpu_pct"])
    row = dict(runs[(len(runs) - 1) // 2])
    row["runs"] = len(runs)
    row["cpu_pct_min"] = runs[0]["cpu_pct"]
    row["cpu_pct_max"] = runs[-1]["cpu_pct"]
    return row


def fanout(tag, fn, ns, peers, args):
    """Every (peer, N) cell args.repeat times, the peers taking turns
    within each round so that a slow spell of the machine hits them
    alike; per cell the run with the median CPU is kept, with the
    spread of all runs."""
    cells = {}
    for n in ns:
        for k in range(args.repeat):
            for p in peers:
                label = "%s %s N=%d" % (tag, p, n)
                if args.repeat > 1:
                    label += " run %d" % (k + 1)
                row = run(label, fn, p, n, args)
                if row:
                    cells.setdefault((n, p), []).append(row)
    return [median_cell(cells[(n, p)]) for n in ns for p in peers
            if cells.get((n, p))]
