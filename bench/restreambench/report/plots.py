"""The PNG plots of the report, drawn by gnuplot from .dat files written
next to them."""
import os
import shutil
import subprocess
import sys

from .common import COLORS, NAMES, cell, in_order, ns_of, num, peers_of


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
        for r in in_order(rows):
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

