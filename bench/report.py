#!/usr/bin/env python3
"""Plots and report of one bench/ run: reads RESULTS/*.csv and
RESULTS/machine.json, writes RESULTS/*.png (gnuplot), RESULTS/report.md and,
with --publish, docs/performance.md; prints the tables.

    report.py [--publish] [RESULTS]
"""
import csv
import json
import os
import shutil
import statistics
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)

NAMES = {
    "nginx-push": "nginx-rtmp `push`",
    "ffmpeg-tee": "ffmpeg tee muxer",
    "gst-tee-queue": "GStreamer `tee ! queue`",
    "restreamtee-batch0": "restreamtee, batch-time 0",
    "restreamtee": "restreamtee (gst-launch)",
    "restreamtee-push": "restreamtee ! rtmppushsink (gst-launch)",
    "restream-launch": "restream-launch",
}
COLORS = {
    "nginx-push": "#555555", "ffmpeg-tee": "#009e73",
    "gst-tee-queue": "#0072b2", "restreamtee": "#d55e00",
    "restreamtee-batch0": "#e69f00", "restream-launch": "#cc79a7",
    "restreamtee-push": "#56b4e9",
}
OURS = ("restreamtee", "restream-launch", "restreamtee-batch0",
        "restreamtee-push")
ORDER = list(NAMES)


def read(res, name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def num(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError, TypeError):
        return None


def peers_of(rows):
    seen = {r["peer"] for r in rows}
    return [p for p in ORDER if p in seen]


def ns_of(rows):
    return sorted({int(r["n"]) for r in rows})


def cell(rows, peer, n):
    for r in rows:
        if r["peer"] == peer and int(r["n"]) == n:
            return r
    return None


def complete(r):
    return r is not None and int(r["targets_ok"]) == int(r["n"]) \
        and not r.get("exited_early")


def best(rows, n, key, lower=True):
    """Best value of key at n among peers that delivered the whole stream to
    every target (all peers if none did)."""
    cand = [r for r in rows if int(r["n"]) == n and complete(r)] or \
        [r for r in rows if int(r["n"]) == n]
    vals = [num(r, key) for r in cand if num(r, key) is not None]
    if not vals:
        return None
    return min(vals) if lower else max(vals)


def fmt(v, digits=2):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return ("%%.%df" % digits) % v


def ratio_table(rows, key, unit, lower=True, digits=2):
    ns, peers = ns_of(rows), peers_of(rows)
    out = ["| peer | " + " | ".join("N = %d" % n for n in ns) + " |",
           "|---|" + "---|" * len(ns)]
    for p in peers:
        cells = []
        for n in ns:
            r = cell(rows, p, n)
            v = num(r, key) if r else None
            b = best(rows, n, key, lower)
            if v is None:
                cells.append("–")
                continue
            s = "%s%s" % (fmt(v, digits), unit)
            if b:
                s += " (%.2f×)" % (v / b)
            if key == "cpu_pct" and int(r.get("runs") or 1) > 1:
                s += " [%s–%s, %s runs]" % (fmt(num(r, "cpu_pct_min")),
                                           fmt(num(r, "cpu_pct_max")),
                                           r["runs"])
            if not complete(r):
                s += " ¹"
            cells.append(s)
        name = NAMES.get(p, p)
        out.append("| %s | %s |" % ("**%s**" % name if p in OURS else name,
                                    " | ".join(cells)))
    return "\n".join(out)


def slope_table(rows, key, unit, digits=3):
    """Cost of one more target: (value at the largest N - value at N = 1)
    / (N - 1), per peer."""
    ns = ns_of(rows)
    if len(ns) < 2:
        return ""
    lo, hi = ns[0], ns[-1]
    vals = {}
    for p in peers_of(rows):
        a, b = cell(rows, p, lo), cell(rows, p, hi)
        if a and b and num(a, key) is not None and num(b, key) is not None:
            vals[p] = (num(b, key) - num(a, key)) / (hi - lo)
    ok = [v for p, v in vals.items() if complete(cell(rows, p, hi)) and v > 0]
    b = min(ok) if ok else None
    out = ["| peer | per added target, N = %d → %d |" % (lo, hi), "|---|---|"]
    for p, v in vals.items():
        name = NAMES.get(p, p)
        s = "%s%s" % (fmt(v, digits), unit)
        if b:
            s += " (%.2f×)" % (v / b)
        if not complete(cell(rows, p, hi)):
            s += " ¹"
        out.append("| %s | %s |" % ("**%s**" % name if p in OURS else name, s))
    return "\n".join(out)


def headline(rtmp, srt, lat, fo, slow, e2e=()):
    """A few sentences, all numbers from the results."""
    out = []
    for tag, n, rows in [(tag, n, rows)
                         for tag, rows in (("RTMP", rtmp), ("SRT", srt))
                         if rows
                         for n in ([x for x in ns_of(rows) if x >= 32]
                                   or ns_of(rows)[-1:])]:
        b = best(rows, n, "cpu_pct")
        bp = [r["peer"] for r in rows if int(r["n"]) == n and complete(r)
              and num(r, "cpu_pct") == b]
        parts = []
        for p in peers_of(rows):
            r = cell(rows, p, n)
            if r is None:
                continue
            parts.append("%s %.1f %% (%.2f×)%s" % (
                NAMES.get(p, p), num(r, "cpu_pct"),
                num(r, "cpu_pct") / b if b else 0,
                "" if complete(r) else ", not every target got the "
                "whole stream (least-served %.2f)" % num(r, "min_ratio")))
        out.append("- **%s, N = %d** (CPU, %% of one core; × the best peer "
                   "that served every target, %s): %s." % (
                       tag, n, NAMES.get(bp[0], bp[0]) if bp else "none",
                       "; ".join(parts)))
    if lat:
        n = ns_of(lat)[-1]
        r = {x["peer"]: x for x in lat if int(x["n"]) == n}
        if "restreamtee" in r and "gst-tee-queue" in r:
            out.append("- **Added latency, N = %d**: restreamtee with "
                       "batch-time 50 ms median %.1f ms, p99 %.1f ms; "
                       "`tee ! queue` median %.2f ms, p99 %.2f ms%s." % (
                           n, num(r["restreamtee"], "median_ms"),
                           num(r["restreamtee"], "p99_ms"),
                           num(r["gst-tee-queue"], "median_ms"),
                           num(r["gst-tee-queue"], "p99_ms"),
                           "; batch-time 0: median %.2f ms, p99 %.2f ms" % (
                               num(r["restreamtee-batch0"], "median_ms"),
                               num(r["restreamtee-batch0"], "p99_ms"))
                           if "restreamtee-batch0" in r else ""))
    if e2e:
        parts = ["%s %s ms" % (NAMES.get(r["peer"], r["peer"]),
                               r["median_ms"])
                 for r in sorted(e2e, key=lambda r: ORDER.index(r["peer"]))
                 if num(r, "median_ms") is not None]
        out.append("- **Input to target, end to end, N = %s** (median, "
                   "ingest player to target player): %s." % (
                       e2e[0]["n"], "; ".join(parts)))
    if fo:
        cut = [num(r, "cut_to_retrying_s") for r in fo
               if num(r, "cut_to_retrying_s") is not None]
        key = [num(r, "return_to_target_keyframe_s") for r in fo
               if num(r, "return_to_target_keyframe_s") is not None]
        if cut and key:
            out.append("- **Failover**: input cut → `retrying` in %.2f–%.2f "
                       "s; input back → first keyframe at the target in "
                       "%.2f–%.2f s (%d outages)." % (
                           min(cut), max(cut), min(key), max(key), len(fo)))
    if slow:
        parts = ["%s %.2f" % (NAMES.get(r["peer"], r["peer"]),
                              num(r, "freeze_vs_before") or 0)
                 for r in sorted(slow, key=lambda r: ORDER.index(r["peer"]))]
        out.append("- **One frozen target** (healthy targets' delivery "
                   "during the freeze ÷ before it, lowest half): %s." %
                   "; ".join(parts))
        parts = ["%s p99 %s → %s ms, longest gap %s → %s ms" % (
            NAMES.get(r["peer"], r["peer"]),
            ms(r, "healthy_lag_before_p99_ms"),
            ms(r, "healthy_lag_freeze_p99_ms"),
            ms(r, "healthy_max_gap_before_ms"),
            ms(r, "healthy_max_gap_freeze_ms"))
            for r in sorted(slow, key=lambda r: ORDER.index(r["peer"]))
            if num(r, "healthy_max_gap_freeze_ms") is not None]
        if parts:
            out.append("- **Healthy targets' latency, one target frozen** "
                       "(arrival lag of every video frame, worst healthy "
                       "target, before → during the freeze): %s." %
                       "; ".join(parts))
    return "\n".join(out)


def delivery_table(rows):
    ns, peers = ns_of(rows), peers_of(rows)
    out = ["| peer | " + " | ".join("N = %d" % n for n in ns) + " |",
           "|---|" + "---|" * len(ns)]
    for p in peers:
        cells = []
        for n in ns:
            r = cell(rows, p, n)
            if r is None:
                cells.append("–")
                continue
            b = best(rows, n, "min_ratio", lower=False)
            s = "%.3f / %.3f, %s/%d ok" % (num(r, "min_ratio"),
                                           num(r, "median_ratio"),
                                           r["targets_ok"], n)
            if b:
                s += " (%.2f×)" % (num(r, "min_ratio") / b)
            if r.get("exited_early"):
                s += " ² " + r["exited_early"]
            cells.append(s)
        name = NAMES.get(p, p)
        out.append("| %s | %s |" % ("**%s**" % name if p in OURS else name,
                                    " | ".join(cells)))
    return "\n".join(out)


def latency_table(rows):
    out = ["| N | peer | buffers | median | p90 | p99 | max |",
           "|---|---|---|---|---|---|---|"]
    for n in ns_of(rows):
        group = [r for r in rows if int(r["n"]) == n]
        bm = min(num(r, "median_ms") for r in group)
        b99 = min(num(r, "p99_ms") for r in group)
        for p in peers_of(group):
            r = cell(group, p, n)
            name = NAMES.get(p, p) if p != "restreamtee" \
                else "restreamtee, batch-time 50 ms"
            out.append("| %d | %s | %s | %s ms (%.1f×) | %s ms | %s ms (%.1f×)"
                       " | %s ms |" % (
                           n, "**%s**" % name if p in OURS else name,
                           r["samples"], fmt(num(r, "median_ms"), 3),
                           num(r, "median_ms") / bm,
                           fmt(num(r, "p90_ms"), 3), fmt(num(r, "p99_ms"), 3),
                           num(r, "p99_ms") / b99, fmt(num(r, "max_ms"), 3)))
    return "\n".join(out)


def e2e_table(rows):
    ok = [r for r in rows if num(r, "median_ms") is not None]
    bm = min([num(r, "median_ms") for r in ok] or [0]) or None
    b99 = min([num(r, "p99_ms") for r in ok] or [0]) or None
    out = ["| peer | frames matched | median | p90 | p99 | max |",
           "|---|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: ORDER.index(r["peer"])):
        name = NAMES.get(r["peer"], r["peer"])
        if num(r, "median_ms") is None:
            out.append("| %s | 0 of %s | – | – | – | – |" % (name,
                                                            r["frames"]))
            continue
        med, p99 = num(r, "median_ms"), num(r, "p99_ms")
        out.append("| %s | %s of %s | %.1f ms%s | %.1f ms | %.1f ms%s | "
                   "%.1f ms |%s" % (
                       "**%s**" % name if r["peer"] in OURS else name,
                       r["matched"], r["frames"], med,
                       " (+%.1f)" % (med - bm) if bm is not None else "",
                       num(r, "p90_ms"), p99,
                       " (+%.1f)" % (p99 - b99) if b99 is not None else "",
                       num(r, "max_ms"),
                       " " + r["exited_early"] if r.get("exited_early")
                       else ""))
    return "\n".join(out)


def failover_table(rows):
    out = ["| outage | cut → `retrying` | return → `active` | "
           "return → first keyframe at the target | restreamer alive |",
           "|---|---|---|---|---|"]
    for r in rows:
        def s(k):
            v = num(r, k)
            return "%.2f s" % v if v is not None else "not seen"
        out.append("| %.0f s | %s | %s | %s | %s |" % (
            num(r, "outage_s"), s("cut_to_retrying_s"),
            s("return_to_active_s"), s("return_to_target_keyframe_s"),
            "yes" if r["restreamer_alive"] == "True" else "**no**"))
    return "\n".join(out)


def ms(row, key):
    v = num(row, key)
    return "%.0f" % v if v is not None else "–"


def slow_lag_table(rows):
    out = ["| peer | lag median, before → freeze | lag p99, before → freeze "
           "| longest gap, before → freeze | input's own lag p99 |",
           "|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: ORDER.index(r["peer"])):
        if num(r, "healthy_max_gap_freeze_ms") is None:
            continue
        name = NAMES.get(r["peer"], r["peer"])
        out.append("| %s | %s → %s ms | %s → %s ms | %s → **%s** ms | "
                   "%s / %s ms |" % (
                       "**%s**" % name if r["peer"] in OURS else name,
                       ms(r, "healthy_lag_before_median_ms"),
                       ms(r, "healthy_lag_freeze_median_ms"),
                       ms(r, "healthy_lag_before_p99_ms"),
                       ms(r, "healthy_lag_freeze_p99_ms"),
                       ms(r, "healthy_max_gap_before_ms"),
                       ms(r, "healthy_max_gap_freeze_ms"),
                       ms(r, "input_lag_before_p99_ms"),
                       ms(r, "input_lag_freeze_p99_ms")))
    return "\n".join(out) if len(out) > 2 else ""


def slow_table(rows):
    out = ["| peer | before the freeze | freeze, first half | "
           "freeze, second half | freeze ÷ before |",
           "|---|---|---|---|---|"]
    for r in sorted(rows, key=lambda r: ORDER.index(r["peer"])):
        name = NAMES.get(r["peer"], r["peer"])
        out.append("| %s | %.3f | %.3f | %.3f | **%.2f** %s|" % (
            "**%s**" % name if r["peer"] in OURS else name,
            num(r, "healthy_ratio_before"),
            num(r, "healthy_ratio_freeze_first_half"),
            num(r, "healthy_ratio_freeze_second_half"),
            num(r, "freeze_vs_before") or 0,
            ("(" + r["exited_early"] + ") ") if r.get("exited_early") else ""))
    return "\n".join(out)


# ------------------------------------------------------------------ plots

def write_wide(path, rows, key, scale=1.0):
    ns, peers = ns_of(rows), peers_of(rows)
    with open(path, "w") as f:
        f.write("N " + " ".join(p for p in peers) + "\n")
        for n in ns:
            vals = []
            for p in peers:
                r = cell(rows, p, n)
                v = num(r, key) if r else None
                vals.append("NaN" if v is None else "%g" % (v * scale))
            f.write("%d %s\n" % (n, " ".join(vals)))
    return peers


def plot_lines(res, name, rows, key, title, ylabel, logy):
    dat = os.path.join(res, name + ".dat")
    peers = write_wide(dat, rows, key)
    plots = ", ".join(
        "'%s' using 1:%d with linespoints lw 2 pt 7 lc rgb '%s' title '%s'"
        % (dat, i + 2, COLORS.get(p, "black"), NAMES.get(p, p).replace("`", ""))
        for i, p in enumerate(peers))
    return f"""
set output '{os.path.join(res, name + ".png")}'
set title '{title}'
set xlabel 'targets (N)'
set ylabel '{ylabel}'
set logscale x
{"set logscale y" if logy else "unset logscale y"}
{"" if logy else "set yrange [0:1.15]"}
set xtics ({", ".join(str(n) for n in ns_of(rows))})
plot {plots}
{"" if logy else "set autoscale y"}
"""


def plot_slow(res, rows):
    dat = os.path.join(res, "slow_target.dat")
    with open(dat, "w") as f:
        for r in sorted(rows, key=lambda r: ORDER.index(r["peer"])):
            f.write('"%s" %s %s %s\n' % (
                NAMES.get(r["peer"], r["peer"]).replace("`", ""),
                r["healthy_ratio_before"],
                r["healthy_ratio_freeze_first_half"],
                r["healthy_ratio_freeze_second_half"]))
    return f"""
set output '{os.path.join(res, "slow_target.png")}'
set title 'Healthy targets while one target is frozen (SIGSTOP)'
unset logscale x
unset logscale y
unset xlabel
set ylabel 'bytes delivered / input bytes (lowest healthy target)'
set yrange [0:1.2]
set key inside top right
set xrange [-0.5:{len(rows) - 0.5}]
set style data histograms
set style histogram clustered gap 1
set style fill solid 0.8 border -1
set xtics auto
plot '{dat}' using 2:xtic(1) title 'before', '' using 3 title 'freeze, first half', '' using 4 title 'freeze, second half'
set autoscale x
"""


def plots(res, rtmp, srt, slow):
    if not shutil.which("gnuplot"):
        print("report: gnuplot not found, no plots "
              "(sudo apt-get install -y gnuplot-nox)", file=sys.stderr)
        return []
    gp = ["set terminal pngcairo size 1000,560 font 'Sans,11'",
          "set grid", "set key outside right top", "set datafile missing 'NaN'"]
    made = []
    for tag, rows in (("rtmp", rtmp), ("srt", srt)):
        if not rows:
            continue
        proto = tag.upper()
        gp.append(plot_lines(res, "cpu_" + tag, rows, "cpu_pct",
                             "%s fan-out: CPU of the restreaming process" %
                             proto, "% of one core", True))
        gp.append(plot_lines(res, "rss_per_target_" + tag, rows,
                             "rss_per_target_mb",
                             "%s fan-out: resident memory per target" % proto,
                             "VmRSS / N (MB)", True))
        gp.append(plot_lines(res, "delivery_" + tag, rows, "min_ratio",
                             "%s fan-out: least-served target" % proto,
                             "target bytes / input bytes", False))
        made += ["cpu_" + tag, "rss_per_target_" + tag, "delivery_" + tag]
    if slow:
        gp.append(plot_slow(res, slow))
        made.append("slow_target")
    script = os.path.join(res, "plots.gp")
    with open(script, "w") as f:
        f.write("\n".join(gp))
    r = subprocess.run(["gnuplot", script], capture_output=True, text=True)
    if r.returncode != 0:
        print("report: gnuplot failed:\n" + r.stderr, file=sys.stderr)
    return made


# ---------------------------------------------------------------- report

def machine_busy(rows):
    v = [num(r, "machine_busy_pct") for r in rows
         if num(r, "machine_busy_pct") is not None]
    return v


def report(res, img_prefix, root):
    """root: the repository's top as seen from where the text is written."""
    m = {}
    mpath = os.path.join(res, "machine.json")
    if os.path.exists(mpath):
        with open(mpath) as f:
            m = json.load(f)
    rtmp = read(res, "fanout_rtmp.csv")
    srt = read(res, "fanout_srt.csv")
    lat = read(res, "latency.csv")
    e2e = read(res, "e2e_latency.csv")
    fo = read(res, "failover.csv")
    slow = read(res, "slow_target.csv")
    made = plots(res, rtmp, srt, slow)

    def img(name, alt):
        return "![%s](%s%s.png)\n" % (alt, img_prefix, name) \
            if name in made else ""
    busy = machine_busy(rtmp + srt)
    inputs = [num(r, "input_mbps") for r in rtmp + srt
              if num(r, "input_mbps")]
    ncores = m.get("nproc", 0)
    L = []
    w = L.append
    w("# Performance\n")
    w("Generated by `bench/report.py` from the results of one "
      "`bench/run.sh` run (%s, %s mode); do not edit by hand: run "
      "`bench/run.sh` again. The numbers below are that run's; every "
      "figure is also given as a ratio (×) to the best peer measured "
      "in the same run, since absolute numbers move between runs on a "
      "shared machine. How to run it and what each scenario does: "
      "[bench/README.md](%sbench/README.md). Raw results: "
      "[%s](%s).\n" %
      (m.get("date", "?"), m.get("mode", "?"), root,
       os.path.relpath(res, TOP) + "/", img_prefix or "./"))
    w("## Summary\n")
    w(headline(rtmp, srt, lat, fo, slow, e2e) + "\n")
    w("## Machine\n")
    w("| | |\n|---|---|")
    for k, label in (("cpu_model", "CPU (/proc/cpuinfo)"),
                     ("nproc", "cores (nproc)"), ("mem_gb", "memory (GB)"),
                     ("os", "system"), ("kernel", "kernel"),
                     ("gstreamer", "GStreamer"), ("ffmpeg", "ffmpeg"),
                     ("nginx", "nginx (libnginx-mod-rtmp)"),
                     ("srt", "libsrt"), ("commit", "gst-restream commit"),
                     ("nice", "niceness of the run"),
                     ("warmup_s", "warm-up per run (s)"),
                     ("window_s", "measured window per run (s)"),
                     ("duration_s", "whole run (s)")):
        w("| %s | %s |" % (label, m.get(k, "?")))
    if busy:
        w("| whole machine busy during the fan-out windows | median %.0f %%, "
          "max %.0f %% of all %s cores (everything running, the bench's own "
          "servers included) |" % (statistics.median(busy), max(busy),
                                   ncores))
    w("")
    w("Input: a 60 s 1280×720 30 fps H.264 (x264 superfast, 6000 kbit/s, keyframe every"
      " 2 s) + AAC 128 kbit/s FLV file, looped in real time by `ffmpeg -re "
      "-stream_loop -1 -c copy` into an ingest nginx-rtmp; measured at the "
      "ingest: median %.2f Mb/s over all fan-out windows.\n" %
      (statistics.median(inputs) if inputs else 0))

    w("## How it is measured\n")
    w("- **CPU**: utime + stime of the restreaming process over the window "
      "(from `/proc/PID/stat`), divided by wall time: % of one core. "
      "nginx `push` is measured on the ingest nginx (one process, "
      "`master_process off`), which also receives the input; for the other "
      "peers the ingest nginx serving them one player is not counted.")
    runs = max([int(r.get("runs") or 1) for r in rtmp + srt] or [1])
    if runs > 1:
        w("- **Repeats**: every fan-out cell was measured %d times, the "
          "peers taking turns within each round; the row kept is the run "
          "with the median CPU, and [min–max] is the spread of all runs."
          % runs)
    w("- **RSS**: peak `VmRSS` sampled every second of the window; per "
      "target = RSS / N (so it includes the process's fixed part).")
    w("- **Delivery**: bytes each target received in the window (nginx "
      "`rtmp_stat` `bytes_in`; for SRT, the bytes read by the receiver) ÷ "
      "the input's `bytes_in` at the ingest in the same window. Cells show "
      "the least-served target / the median target, and how many targets "
      "got at least 0.97. SRT carries MPEG-TS, 3–5 %% larger than the FLV "
      "input, so there the whole stream reads about 1.04 and a target "
      "counts as served from 1.00.")
    w("- **×**: the figure divided by the best peer's at the same N "
      "(lowest CPU or memory, highest delivery), the best chosen among "
      "peers that delivered the whole stream to every target. ¹ marks a "
      "peer that did not; ² a process that exited or targets that never "
      "came up.")
    w("")

    if rtmp:
        w("## RTMP fan-out\n")
        w("N RTMP targets on one local nginx-rtmp (`application live`), "
          "`chunk-size=4096` and `sync=false` on every rtmp2sink. Peers:\n")
        w("- nginx-rtmp `push`: the ingest application has N `push "
          "rtmp://127.0.0.1:PORT/live/KEY;` lines.")
        w("- ffmpeg tee muxer: `ffmpeg -i rtmp://ingest -c copy -map 0 -f tee "
          "\"[f=flv:onfail=ignore]rtmp://…|…\"`.")
        w("- GStreamer `tee ! queue`: `rtmp2src ! tee name=t t. ! queue ! "
          "rtmp2sink …` × N.")
        w("- restreamtee (gst-launch): `rtmp2src ! restreamtee name=t "
          "batch-time=50000000 t. ! rtmp2sink …` × N.")
        w("- restream-launch: the launcher on a description with N `[target]`"
          " groups: failoversrc → flvmux → restreamtee (batch-time 50 ms) → "
          "targetvalidator → rtmp2sink, each target in its own bin.\n")
        w(img("cpu_rtmp", "CPU vs N, RTMP"))
        w("CPU, % of one core:\n")
        w(ratio_table(rtmp, "cpu_pct", " %") + "\n")
        w("CPU per target (CPU / N), % of one core:\n")
        w(ratio_table(rtmp, "cpu_per_target_pct", " %", digits=3) + "\n")
        if len(ns_of(rtmp)) > 1:
            w("Cost of one more target (slope of CPU between the smallest "
              "and the largest N), % of one core:\n")
            w(slope_table(rtmp, "cpu_pct", " %") + "\n")
        w(img("rss_per_target_rtmp", "RSS per target vs N, RTMP"))
        w("Resident memory (peak VmRSS), MB:\n")
        w(ratio_table(rtmp, "rss_mb", "") + "\n")
        w("Resident memory per target (VmRSS / N), MB:\n")
        w(ratio_table(rtmp, "rss_per_target_mb", "") + "\n")
        w(img("delivery_rtmp", "delivery ratio, RTMP"))
        w("Delivery, least-served / median target (bytes ÷ input bytes):\n")
        w(delivery_table(rtmp) + "\n")
        # The profile is measured by hand (perf), kept in bench/profile.md.
        prof = os.path.join(HERE, "profile.md")
        if os.path.exists(prof):
            with open(prof) as f:
                w(f.read() + "\n")

    if srt:
        w("## SRT fan-out\n")
        w("N SRT targets, all served by one receiver process "
          "(`bench/tools/srtrecv.c`: one listener per target port, one "
          "thread, data counted and discarded), latency %s ms everywhere. "
          "The input is still the RTMP stream. Peers:\n" % "200")
        w("- ffmpeg tee muxer with MPEG-TS slaves: `ffmpeg -i rtmp://ingest "
          "-c copy -map 0 -f tee \"[f=mpegts:onfail=ignore]srt://127.0.0.1:P?"
          "mode=caller&latency=200000&pkt_size=1316|…\"`. This is the fair "
          "peer: it is what an ffmpeg user runs to send one stream to many "
          "SRT listeners, and it does the same work (demux FLV, mux "
          "MPEG-TS, send 1316-byte SRT messages), except that it muxes once "
          "per target. nginx-rtmp has no SRT. `srt-live-transmit` takes "
          "one input and one output per process, so a fan-out with it "
          "would be N processes each fed by something else, not a "
          "fan-out peer.")
        w("- GStreamer `tee ! queue` and restreamtee (gst-launch): the same "
          "front as the launcher and `pipelines/rtmp-to-srt.sh`, "
          "`failoversrc ! h264parse config-interval=-1 ! mpegtsmux "
          "alignment=7`, muxed once, then `tee ! queue ! srtsink` or "
          "`restreamtee batch-time=50000000 ! srtsink`, "
          "`sync=false async=false`. (`rtmp2src ! flvdemux` stalls before "
          "the first keyframe: nginx sends a new player audio first, "
          "mpegtsmux waits for video and the audio queue fills.)")
        w("- restream-launch with N SRT `[target]` groups.\n")
        w(img("cpu_srt", "CPU vs N, SRT"))
        w("CPU, % of one core:\n")
        w(ratio_table(srt, "cpu_pct", " %") + "\n")
        w("CPU per target, % of one core:\n")
        w(ratio_table(srt, "cpu_per_target_pct", " %", digits=3) + "\n")
        if len(ns_of(srt)) > 1:
            w("Cost of one more target (slope of CPU between the smallest "
              "and the largest N), % of one core:\n")
            w(slope_table(srt, "cpu_pct", " %") + "\n")
        w(img("rss_per_target_srt", "RSS per target vs N, SRT"))
        w("Resident memory per target (VmRSS / N), MB:\n")
        w(ratio_table(srt, "rss_per_target_mb", "") + "\n")
        w(img("delivery_srt", "delivery ratio, SRT"))
        w("Delivery, least-served / median target (bytes ÷ input FLV "
          "bytes):\n")
        w(delivery_table(srt) + "\n")

    if lat:
        w("## Added latency\n")
        w("`bench/tools/probe.c latency` runs `rtmp2src ! FANOUT ! "
          "rtmp2sink` × N to a local nginx-rtmp and stamps every buffer on "
          "the fan-out's sink pad and again on each rtmp2sink's sink pad "
          "(buffer lists buffer by buffer): the time a buffer takes from "
          "entering the fan-out to being handed to a target's sink. "
          "Everything after that (rtmp2sink's own thread, the socket) is "
          "the same for every peer and not included. × is against the "
          "lowest median and p99 at that N.\n")
        w(latency_table(lat) + "\n")
    if e2e:
        w("## Input to target, end to end\n")
        w("Every peer at N = %s, each frame timed from its arrival at a "
          "player of the ingest nginx to its arrival at a player of the "
          "first and of the last target (`bench/tools/probe.c lag`); a "
          "frame is recognised by the data sizes of it and the next two "
          "frames, since the payload passes unchanged and the timestamps do "
          "not. Both players and the target nginx's relay are the same for "
          "every peer, so the differences are the peers' own. In brackets: "
          "ms more than the lowest. restream-launch batches 50 ms per "
          "target (restreamtee `batch-time`) and muxes again (flvmux). "
          "*Frames matched* counts the target's frames that were found in "
          "the ingest player's copy.\n" % e2e[0]["n"])
        w(e2e_table(e2e) + "\n")

    if fo:
        w("## Input failover\n")
        w("`gst-launch-1.0 -m failoversrc uri=rtmp://ingest ! flvmux ! "
          "restreamtee ! rtmp2sink` to one target; the publisher (ffmpeg) is "
          "killed with SIGKILL and started again after the outage; "
          "`failoversrc-state` messages are read from gst-launch's output, "
          "keyframes at the target by `probe keywatch` playing the target's "
          "stream. *return → first keyframe* is from starting the new "
          "publisher process to the first keyframe the target's player "
          "receives; it includes ffmpeg's start, the RTMP handshake and "
          "failoversrc's retry pacing (pulls at 0, 0.5, 1, 2, 4 s and then "
          "every 5 s after a loss), so it depends on when in that schedule "
          "the input returns. There is no peer here: nginx `push` and "
          "ffmpeg do not pull an input again.\n")
        w(failover_table(fo) + "\n")

    if slow:
        w("## Slow target\n")
        w("Four RTMP targets: three on one nginx, the fourth on a second "
          "nginx that is stopped with SIGSTOP for %s s. Each figure is the "
          "lowest of the three healthy targets' delivery (bytes ÷ input "
          "bytes) in that part of the window; the freeze is split in two "
          "halves because the frozen connection's socket buffers (several "
          "MB on loopback) absorb the first seconds. The gst-launch "
          "pipelines run rtmp2sink with `timeout=3600`, so that the frozen "
          "sink's \"Socket I/O timed out\" ERROR (after about 11 s) does "
          "not end the whole pipeline inside the window; the launcher "
          "keeps its own settings and restarts the frozen target's branch "
          "alone.\n" % slow[0]["freeze_s"])
        w(img("slow_target", "slow target"))
        w(slow_table(slow) + "\n")
        lag = slow_lag_table(slow)
        if lag:
            w("Latency of the same healthy targets: `bench/tools/probe.c "
              "lag` plays each one back from its nginx and notes, for every "
              "video frame, its arrival time minus its FLV timestamp. The "
              "input is paced in real time, so that difference is the "
              "delivery lag plus a constant; the figures are over the least "
              "lag seen before the freeze, in ms, for the worst of the three "
              "targets. The longest gap is the longest time between two "
              "frames arriving at a healthy target: a target that gets "
              "nothing during the freeze shows it there, since frames that "
              "never arrive have no lag. The last column is the same "
              "measure on the input at the ingest (before / during), the "
              "publisher's own jitter.\n")
            w(lag + "\n")

    w("## What limits these measurements\n")
    w("- One machine with %s cores runs everything: the publisher, the "
      "ingest and target servers (or the SRT receiver), and the peer. "
      "Their work competes with the peer's, and other jobs on the machine "
      "were not stopped (the whole-machine load is in the table above and "
      "in every CSV row as `machine_busy_pct`). Compare peers within one "
      "run, not across runs." % ncores)
    w("- CPU time comes in clock ticks (1/100 s): over a %s s window that "
      "is ±%.2f %% of one core per reading, which matters only at N = 1." %
      (m.get("window_s", "?"),
       100.0 / 100 / float(m.get("window_s", 20) or 20)))
    w("- Delivery is counted in bytes over one window and the stream is "
      "bursty (a keyframe every 2 s): a target whose byte count lags the "
      "input's by part of a GOP at either end reads 1–2 % low or high.")
    w("- The nginx `push` figure includes receiving the input; the other "
      "peers pay that as an RTMP client instead, and the ingest nginx's "
      "cost of serving them is not counted.")
    w("- Loopback has no loss, no delay and a large MTU: network effects "
      "(retransmissions, pacing, SRT recovery) are not measured.")
    return "\n".join(L) + "\n", rtmp, srt, lat, fo, slow, e2e


def summary(rtmp, srt, lat, fo, slow, e2e=()):
    out = []
    for tag, rows in (("RTMP", rtmp), ("SRT", srt)):
        if not rows:
            continue
        out.append("%s fan-out: CPU %% of one core / RSS MB per target / "
                   "least-served target (× best peer)" % tag)
        for n in ns_of(rows):
            bc = best(rows, n, "cpu_pct")
            br = best(rows, n, "rss_per_target_mb")
            for p in peers_of(rows):
                r = cell(rows, p, n)
                if r is None:
                    continue
                out.append("  N=%-3d %-26s cpu %6.2f %% (%5.2f×)  "
                           "rss/target %6.2f MB (%5.2f×)  min %.3f  ok %s/%d%s"
                           % (n, p, num(r, "cpu_pct"),
                              num(r, "cpu_pct") / bc if bc else 0,
                              num(r, "rss_per_target_mb"),
                              num(r, "rss_per_target_mb") / br if br else 0,
                              num(r, "min_ratio"), r["targets_ok"], n,
                              "  " + r["exited_early"]
                              if r.get("exited_early") else ""))
    if lat:
        out.append("Added latency (fan-out sink pad -> target sink pad)")
        for r in lat:
            out.append("  N=%-3s %-20s median %8.3f ms  p99 %8.3f ms  "
                       "max %8.3f ms" % (r["n"], r["peer"],
                                         num(r, "median_ms"),
                                         num(r, "p99_ms"), num(r, "max_ms")))
    if e2e:
        out.append("Input to target, end to end (ingest player -> target "
                   "player)")
        for r in e2e:
            out.append("  N=%-3s %-20s median %s ms  p99 %s ms  max %s ms  "
                       "(%s of %s frames matched)" % (
                           r["n"], r["peer"], r["median_ms"], r["p99_ms"],
                           r["max_ms"], r["matched"], r["frames"]))
    if fo:
        out.append("Failover")
        for r in fo:
            out.append("  outage %s s: cut->retrying %s s, return->active %s "
                       "s, return->target keyframe %s s" % (
                           r["outage_s"], r["cut_to_retrying_s"],
                           r["return_to_active_s"],
                           r["return_to_target_keyframe_s"]))
    if slow:
        out.append("Slow target (lowest healthy target's delivery)")
        for r in slow:
            out.append("  %-18s before %s  freeze 1st half %s  2nd half %s  "
                       "freeze/before %s" % (
                           r["peer"], r["healthy_ratio_before"],
                           r["healthy_ratio_freeze_first_half"],
                           r["healthy_ratio_freeze_second_half"],
                           r["freeze_vs_before"]))
            if num(r, "healthy_max_gap_freeze_ms") is not None:
                out.append("  %-18s lag p99 %s -> %s ms, longest gap %s -> "
                           "%s ms (input's own lag p99 %s / %s ms)" % (
                               "", ms(r, "healthy_lag_before_p99_ms"),
                               ms(r, "healthy_lag_freeze_p99_ms"),
                               ms(r, "healthy_max_gap_before_ms"),
                               ms(r, "healthy_max_gap_freeze_ms"),
                               ms(r, "input_lag_before_p99_ms"),
                               ms(r, "input_lag_freeze_p99_ms")))
    return "\n".join(out)


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
