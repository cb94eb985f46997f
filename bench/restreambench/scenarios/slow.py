"""Slow target: one of four targets' nginx frozen with SIGSTOP; the three
healthy targets' delivery and latency before and during the freeze."""
import os
import signal
import time

from ..config import CHUNK
from ..measure import measure
from ..peers import fan, gst, launch
from ..probes import LagWatch, lag_stats
from ..procs import sleep_checked, stop_all, wait_for
from ..servers import Nginx, publisher, wait_input

HEALTHY_KEYS = ["stream-001", "stream-002", "stream-003"]
FROZEN_KEY = "stream-004"


def slow_peer(peer, ingest, dest):
    """Start the peer restreaming ingest's "in" to dest ([(key, nginx)])."""
    in_url = ingest.url("in")
    if peer == "restream-launch":
        return launch(ingest.dir, in_url, [(k, s.url(), k) for k, s in dest])
    fanout, q = fan(peer)
    # timeout=3600: a frozen server must not end the whole pipeline
    # with "Socket I/O timed out" inside the window.
    return gst("restreamer", f"rtmp2src location={in_url} ! {fanout} " +
               " ".join(f"t. ! {q}rtmp2sink location={s.url(k)} "
                        f"{CHUNK} sync=false timeout=3600"
                        for k, s in dest))


def worst_lags(watches, keys, t_before, t_freeze, t_end):
    """The worst of keys: (median, p99, gap) before, then during."""
    base = {k: min((a - ts for a, ts in
                    watches[k].window(t_before, t_freeze)),
                   default=0.0) for k in keys}
    out = []
    for t0, t1 in ((t_before, t_freeze), (t_freeze, t_end)):
        st = [lag_stats(watches[k], base[k], t0, t1) for k in keys]
        out.append(tuple(
            None if any(x[i] is None for x in st)
            else round(max(x[i] for x in st), 1) for i in range(3)))
    return out


def blank(v):
    return "" if v is None else v


def slow_row(peer, args, windows, healthy_lags, input_lags):
    """The CSV row from the three windows' measurements (before, first and
    second half of the freeze) and the lags of worst_lags."""
    before, first, second = windows

    def hmin(r):
        return min(r["ratios"].get(k, 0.0) for k in HEALTHY_KEYS)
    b = hmin(before)
    f1, f2 = hmin(first), hmin(second)
    (hb50, hb99, hbgap), (hf50, hf99, hfgap) = healthy_lags
    (_, ib99, _), (_, if99, _) = input_lags
    return {
        "scenario": "slow-target", "peer": peer,
        "freeze_s": args.slow_freeze,
        "healthy_ratio_before": round(b, 4),
        "healthy_ratio_freeze_first_half": round(f1, 4),
        "healthy_ratio_freeze_second_half": round(f2, 4),
        "freeze_vs_before": round(min(f1, f2) / b, 4) if b else "",
        "input_mbps_freeze": round(
            (first["input_mbps"] + second["input_mbps"]) / 2, 3),
        "healthy_lag_before_median_ms": blank(hb50),
        "healthy_lag_before_p99_ms": blank(hb99),
        "healthy_lag_freeze_median_ms": blank(hf50),
        "healthy_lag_freeze_p99_ms": blank(hf99),
        "healthy_max_gap_before_ms": blank(hbgap),
        "healthy_max_gap_freeze_ms": blank(hfgap),
        "input_lag_before_p99_ms": blank(ib99),
        "input_lag_freeze_p99_ms": blank(if99),
        "exited_early": before["died"] or first["died"]
        or second["died"] or "",
    }


def slow_target(peer, args):
    """Targets t1..t3 on one nginx, t4 on another that is frozen with
    SIGSTOP for the freeze window. The healthy targets' delivery (bytes)
    and latency (arrival lag of every video frame, played back from their
    nginx) before and during the freeze; the input's own arrival lag at the
    ingest is measured alongside, as the floor."""
    healthy = Nginx("healthy")
    frozen = Nginx("frozen")
    ingest = Nginx("ingest")
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        dest = [(k, healthy) for k in HEALTHY_KEYS] + [(FROZEN_KEY, frozen)]
        proc = slow_peer(peer, ingest, dest)
        procs = [pub, proc, ingest.proc, healthy.proc]
        wait_for(lambda: all(healthy.stat().get(k, 0) > 0
                             for k in HEALTHY_KEYS)
                 and frozen.stat().get(FROZEN_KEY, 0) > 0, 30, 0.25)
        watches = {k: LagWatch("lag-" + k, healthy.url(k))
                   for k in HEALTHY_KEYS}
        watches["in"] = LagWatch("lag-in", ingest.url("in"))
        sleep_checked(args.warmup, procs)

        def window(seconds):
            return measure([proc.pid], seconds,
                           lambda: ingest.stat().get("in", 0), healthy.stat,
                           procs)
        t_before = time.monotonic()
        before = window(args.slow_before)
        t_freeze = time.monotonic()
        os.kill(frozen.proc.pid, signal.SIGSTOP)
        first = window(args.slow_freeze / 2)
        second = window(args.slow_freeze / 2)
        t_end = time.monotonic()
        os.kill(frozen.proc.pid, signal.SIGCONT)
        times = (t_before, t_freeze, t_end)
        return slow_row(peer, args, (before, first, second),
                        worst_lags(watches, HEALTHY_KEYS, *times),
                        worst_lags(watches, ["in"], *times))
    finally:
        stop_all()
        healthy.close()
        frozen.close()
        ingest.close()
