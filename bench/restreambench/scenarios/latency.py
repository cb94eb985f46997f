"""Added latency: `probe latency` stamps buffers on the fan-out's sink pad
and on each rtmp2sink's sink pad, N targets on one nginx."""
import os
import subprocess

from ..config import BATCH, CACHE, CHUNK
from ..procs import start, stop, stop_all
from ..servers import Nginx, publisher, stream_keys, wait_input

FANOUTS = {"gst-tee-queue": "tee name=t",
           "restreamtee-batch0": "restreamtee name=t",
           "restreamtee": f"restreamtee name=t {BATCH}"}


def latency(peer, n, args):
    keys = stream_keys(n)
    target = Nginx("target")
    ingest = Nginx("ingest")
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        q = "queue ! " if peer == "gst-tee-queue" else ""
        desc = (f"rtmp2src location={ingest.url('in')} ! {FANOUTS[peer]} " +
                " ".join(f"t. ! {q}rtmp2sink name=s{i} "
                         f"location={target.url(k)} {CHUNK} sync=false"
                         for i, k in enumerate(keys)))
        p = start("probe", [os.path.join(CACHE, "probe"), "latency", desc,
                            str(args.warmup), str(args.window)],
                  stdout=subprocess.PIPE)
        out, _ = p.communicate(timeout=args.warmup + args.window + 30)
        stop(p)
        v = dict(kv.split("=") for kv in out.split())
        return {"scenario": "latency", "peer": peer, "n": n,
                "samples": int(v["samples"]),
                "median_ms": round(int(v["median_us"]) / 1000, 3),
                "p90_ms": round(int(v["p90_us"]) / 1000, 3),
                "p99_ms": round(int(v["p99_us"]) / 1000, 3),
                "max_ms": round(int(v["max_us"]) / 1000, 3),
                "mean_ms": round(float(v["mean_us"]) / 1000, 3)}
    finally:
        stop_all()
        target.close()
        ingest.close()
