"""Input failover: `failoversrc ! flvmux ! restreamtee ! rtmp2sink` under
`gst-launch-1.0 -m`, the publisher killed for each outage; its state
messages and the keyframes at the target are timed."""
import os
import signal
import subprocess
import time

from ..config import BATCH, CACHE, CHUNK
from ..peers import gst
from ..probes import drain, read_lines, wait_line
from ..procs import log, start, stop, stop_all, wait_for
from ..servers import Nginx, publisher, wait_input


def state(s):
    """A predicate for gst-launch's line of failoversrc-state s."""
    return lambda line: "failoversrc-state" in line and \
        f"state=(string){s}" in line


def is_key(line):
    return line.startswith("key")


def restreamer_up(ingest, target, options=""):
    """The failover pipeline, active and delivering to the target, and a
    keyframe watcher on the target: (process, its messages, keyframes).
    @options are more failoversrc properties."""
    desc = (f"failoversrc name=in uri={ingest.url('in')} {options} "
            "in.video ! queue ! mux. in.audio ! queue ! mux. "
            "flvmux name=mux streamable=true latency=100000000 ! "
            f"restreamtee name=t {BATCH} "
            f"t. ! rtmp2sink location={target.url('stream-001')} {CHUNK} "
            "sync=false async=false")
    rs = gst("restreamer", desc, messages=True)
    msgs = read_lines(rs.stdout)
    if wait_line(msgs, state("active"), 20) is None:
        raise RuntimeError("failoversrc never became active")
    if not wait_for(lambda: target.stat().get("stream-001", 0) > 0, 15, 0.2):
        raise RuntimeError("the target never received the stream")
    kw = start("keywatch", [os.path.join(CACHE, "probe"), "keywatch",
                            target.url("stream-001")], stdout=subprocess.PIPE)
    keys = read_lines(kw.stdout)
    if wait_line(keys, is_key, 10) is None:
        raise RuntimeError("no keyframe seen at the target")
    return rs, msgs, keys


def outage_row(outage, t_cut, t_retry, t_back, t_active, t_key, rs):
    def since(t, t0):
        return round(t - t0, 3) if t else ""
    return {
        "scenario": "failover", "outage_s": outage,
        "cut_to_retrying_s": since(t_retry, t_cut),
        "return_to_active_s": since(t_active, t_back),
        "return_to_target_keyframe_s": since(t_key, t_back),
        "restreamer_alive": rs.poll() is None,
    }


def failover(args):
    target = Nginx("target")
    ingest = Nginx("ingest")
    rows = []
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        rs, msgs, keys = restreamer_up(ingest, target)
        for i, outage in enumerate(args.outages):
            time.sleep(3)
            drain(msgs)
            t_cut = time.monotonic()
            stop(pub, signal.SIGKILL)
            t_retry = wait_line(msgs, state("retrying"), outage + 10)
            time.sleep(max(0, t_cut + outage - time.monotonic()))
            drain(keys)
            t_back = time.monotonic()
            pub = publisher(ingest, "publisher%d" % (i + 2))
            t_active = wait_line(msgs, state("active"), 20)
            t_key = wait_line(keys, is_key, 20)
            rows.append(outage_row(outage, t_cut, t_retry, t_back, t_active,
                                   t_key, rs))
            log("  outage %.0f s: %s" % (outage, rows[-1]))
        return rows
    finally:
        stop_all()
        target.close()
        ingest.close()
