"""RTMP fan-out: N targets on one nginx-rtmp, per peer; and the end to
end latency from the ingest to the targets over the same setup."""
import contextlib
import time

from ..config import CHUNK
from ..measure import fanout_row, measure
from ..peers import ffmpeg_tee, fan, gst, launch
from ..probes import LagWatch, transit
from ..procs import sleep_checked, stop_all, wait_for
from ..servers import Nginx, publisher, stream_keys, wait_input


def rtmp_servers(peer, keys):
    """The target nginx and the ingest nginx (which pushes to every target
    itself when the peer is nginx-push)."""
    target = Nginx("target")
    push = "".join(f"    push {target.url(k)};\n" for k in keys) \
        if peer == "nginx-push" else ""
    return target, Nginx("ingest", push)


def rtmp_peer(peer, keys, ingest, target):
    """Start the peer that restreams ingest's "in" to target's keys; its
    process (the ingest nginx for nginx-push)."""
    in_url = ingest.url("in")
    if peer == "nginx-push":
        return ingest.proc
    if peer == "ffmpeg-tee":
        return ffmpeg_tee(in_url, [f"[f=flv:onfail=ignore]{target.url(k)}"
                                   for k in keys])
    if peer in ("gst-tee-queue", "restreamtee", "restreamtee-push"):
        fanout, q = fan(peer)
        sink = "rtmppushsink" if peer == "restreamtee-push" else "rtmp2sink"
        return gst("restreamer", f"rtmp2src location={in_url} ! {fanout} " +
                   " ".join(f"t. ! {q}{sink} location={target.url(k)} "
                            f"{CHUNK} sync=false" for k in keys))
    if peer == "restream-launch":
        return launch(target.dir, in_url,
                      [(k, target.url(), k) for k in keys])
    raise ValueError("unknown peer " + peer)


@contextlib.contextmanager
def rtmp_running(peer, n):
    """Servers, publisher and peer for N RTMP targets, until every target
    has data (30 s at most); yields (keys, ingest, target, proc, procs, up)
    and stops everything afterwards."""
    keys = stream_keys(n)
    target, ingest = rtmp_servers(peer, keys)
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        proc = rtmp_peer(peer, keys, ingest, target)
        procs = [pub, proc, ingest.proc, target.proc]
        up = wait_for(lambda: all(target.stat().get(k, 0) > 0 for k in keys),
                      30, 0.25)
        yield keys, ingest, target, proc, procs, up
    finally:
        stop_all()
        target.close()
        ingest.close()


def rtmp_fanout(peer, n, args):
    with rtmp_running(peer, n) as (keys, ingest, target, proc, procs, up):
        died = sleep_checked(args.warmup, procs)
        r = measure([proc.pid], args.window,
                    lambda: ingest.stat().get("in", 0), target.stat, procs)
        r["died"] = r["died"] or died or ("" if up else "targets-not-up")
        return fanout_row("rtmp", peer, n, r, keys)


def e2e_latency(peer, n, args):
    """Input to target, end to end: one player on the ingest and one on the
    first and the last target; each frame's arrival at a target minus its
    arrival at the ingest player (frames matched by their sizes). Every
    peer pays the same two nginx relays and players, so the differences
    are the peers' own."""
    with rtmp_running(peer, n) as (keys, ingest, target, proc, procs, up):
        source = LagWatch("lag-in", ingest.url("in"))
        copies = [LagWatch("lag-" + k, target.url(k))
                  for k in dict.fromkeys([keys[0], keys[-1]])]
        died = sleep_checked(args.warmup, procs)
        t0 = time.monotonic()
        died = died or sleep_checked(args.window, procs)
        t1 = time.monotonic()
        lat, total = [], 0
        for c in copies:
            ms, frames = transit(source, c, t0, t1)
            lat += ms
            total += frames
        lat.sort()

        def pct(p):
            return round(lat[min(len(lat) - 1, int(p * len(lat)))], 1) \
                if lat else ""
        return {
            "scenario": "e2e-latency", "peer": peer, "n": n,
            "frames": total, "matched": len(lat),
            "median_ms": pct(0.5), "p90_ms": pct(0.9), "p99_ms": pct(0.99),
            "max_ms": round(lat[-1], 1) if lat else "",
            "exited_early": died or ("" if up else "targets-not-up"),
        }
