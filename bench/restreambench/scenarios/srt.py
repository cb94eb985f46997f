"""SRT fan-out: N SRT targets, all on one receiver process, per peer."""
from ..measure import fanout_row, measure
from ..peers import fan, ffmpeg_tee, gst, launch, srt_front, srt_uri
from ..procs import free_port, sleep_checked, stop_all, wait_for
from ..servers import Nginx, SrtRecv, publisher, stream_keys, wait_input


def srt_peer(peer, keys, ports, ingest):
    """Start the peer that restreams ingest's "in" to the SRT ports."""
    in_url = ingest.url("in")
    if peer == "ffmpeg-tee":
        return ffmpeg_tee(in_url, [f"[f=mpegts:onfail=ignore]"
                                   f"{srt_uri(p, True)}" for p in ports])
    if peer in ("gst-tee-queue", "restreamtee"):
        fanout, q = fan(peer)
        return gst("restreamer", srt_front(in_url) + fanout + " " + " ".join(
            f't. ! {q}srtsink uri="{srt_uri(p)}" sync=false async=false'
            for p in ports))
    if peer == "restream-launch":
        return launch(ingest.dir, in_url, [(k, srt_uri(p, True), None)
                                           for k, p in zip(keys, ports)])
    raise ValueError("unknown peer " + peer)


def srt_fanout(peer, n, args):
    keys = stream_keys(n)
    ports = [free_port() for _ in keys]
    ingest = Nginx("ingest")
    try:
        recv = SrtRecv(ports)
        pub = publisher(ingest)
        wait_input(ingest)
        proc = srt_peer(peer, keys, ports, ingest)
        procs = [pub, proc, ingest.proc, recv.proc]
        up = wait_for(lambda: all(v > 0 for v in recv.stat().values()),
                      30, 0.25)
        died = sleep_checked(args.warmup, procs)
        r = measure([proc.pid], args.window,
                    lambda: ingest.stat().get("in", 0), recv.stat, procs)
        r["died"] = r["died"] or died or ("" if up else "targets-not-up")
        return fanout_row("srt", peer, n, r, keys)
    finally:
        stop_all()
        ingest.close()
