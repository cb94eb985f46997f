"""The outage slate: the failover pipeline of scenarios/failover.py with
failoversrc `slate=true`, against the same pipeline with `slate=false`
(GAP events only) in the same run. CPU of the restreaming process while
the input is live, while it is down (the slate's encoder on air, or only
gaps) and after it returns; the time from the input's return to the first
keyframe at the target."""
import signal
import time

from ..measure import CLK_TCK, cpu_ticks
from ..procs import log, stop, stop_all
from ..servers import Nginx, publisher, wait_input
from .failover import is_key, restreamer_up, state
from ..probes import drain, wait_line

LIVE_S = 8.0
OUTAGE_S = 20.0
WINDOW_S = 12.0


def cpu_pct(pid, seconds):
    c0, t0 = cpu_ticks(pid), time.monotonic()
    time.sleep(seconds)
    return round(100.0 * (cpu_ticks(pid) - c0) / CLK_TCK /
                 (time.monotonic() - t0), 2)


def one(slate):
    target = Nginx("target")
    ingest = Nginx("ingest")
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        rs, msgs, keys = restreamer_up(
            ingest, target, "slate=%s" % ("true" if slate else "false"))
        live = cpu_pct(rs.pid, LIVE_S)
        drain(msgs)
        t_cut = time.monotonic()
        stop(pub, signal.SIGKILL)
        t_retry = wait_line(msgs, state("retrying"), 15)
        if t_retry is None:
            raise RuntimeError("failoversrc never went retrying")
        time.sleep(1.0)
        down = cpu_pct(rs.pid, WINDOW_S)
        time.sleep(max(0, t_cut + OUTAGE_S - time.monotonic()))
        drain(keys)
        t_back = time.monotonic()
        pub = publisher(ingest, "publisher2")
        t_key = wait_line(keys, is_key, 20)
        time.sleep(2.0)
        after = cpu_pct(rs.pid, LIVE_S)
        return {
            "scenario": "slate", "peer": "slate" if slate else "gaps",
            "outage_s": OUTAGE_S,
            "cpu_live_pct": live, "cpu_outage_pct": down,
            "cpu_after_pct": after,
            "return_to_target_keyframe_s":
                round(t_key - t_back, 3) if t_key else "",
            "restreamer_alive": rs.poll() is None,
        }
    finally:
        stop_all()
        target.close()
        ingest.close()


def slate(args):
    rows = []
    for _ in range(max(1, args.repeat)):
        for on in (True, False):
            rows.append(one(on))
            log("  %s: %s" % (rows[-1]["peer"], rows[-1]))
    return rows
