"""CPU and RSS of the restreaming process from /proc, and each target's
bytes against the input's, over one measured window."""
import os
import statistics
import time

from .config import OK_RATIO

CLK_TCK = os.sysconf("SC_CLK_TCK")


def cpu_ticks(pid):
    with open("/proc/%d/stat" % pid) as f:
        rest = f.read().rsplit(")", 1)[1].split()
    return int(rest[11]) + int(rest[12])      # utime + stime


def rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def machine_ticks():
    with open("/proc/stat") as f:
        v = [int(x) for x in f.readline().split()[1:]]
    idle = v[3] + v[4]
    return sum(v) - idle, sum(v)


def measure(pids, window, read_in, read_out, procs):
    """CPU, RSS and bytes over one window. read_in() -> input bytes,
    read_out() -> {target: bytes}."""
    def ticks():
        return sum(cpu_ticks(p) for p in pids)
    m0 = machine_ticks()
    c0, i0, o0, t0 = ticks(), read_in(), read_out(), time.monotonic()
    rss = []
    end = t0 + window
    died = None
    while time.monotonic() < end:
        time.sleep(min(1.0, max(0, end - time.monotonic())))
        died = died or next((p.name for p in procs if p.poll() is not None),
                            None)
        if died:
            break
        rss.append(sum(rss_kb(p) for p in pids))
    c1, i1, o1, t1 = ticks(), read_in(), read_out(), time.monotonic()
    m1 = machine_ticks()
    wall = t1 - t0
    din = i1 - i0
    ratios = {k: (o1.get(k, 0) - o0.get(k, 0)) / din if din > 0 else 0.0
              for k in set(o0) | set(o1)}
    return {
        "wall": wall,
        "cpu_pct": 100.0 * (c1 - c0) / CLK_TCK / wall,
        "rss_kb": max(rss) if rss else 0,
        "input_mbps": din * 8 / wall / 1e6,
        "ratios": ratios,
        "machine_busy_pct": 100.0 * (m1[0] - m0[0]) / max(1, m1[1] - m0[1]),
        "died": died,
    }


def fanout_row(scenario, peer, n, r, keys):
    ratios = [r["ratios"].get(k, 0.0) for k in keys]
    return {
        "scenario": scenario, "peer": peer, "n": n,
        "window_s": round(r["wall"], 2),
        "cpu_pct": round(r["cpu_pct"], 2),
        "cpu_per_target_pct": round(r["cpu_pct"] / n, 3),
        "rss_mb": round(r["rss_kb"] / 1024, 1),
        "rss_per_target_mb": round(r["rss_kb"] / 1024 / n, 2),
        "input_mbps": round(r["input_mbps"], 3),
        "min_ratio": round(min(ratios), 4),
        "median_ratio": round(statistics.median(ratios), 4),
        "targets_ok": sum(1 for x in ratios if x >= OK_RATIO[scenario]),
        "machine_busy_pct": round(r["machine_busy_pct"], 1),
        "exited_early": r["died"] or "",
    }
