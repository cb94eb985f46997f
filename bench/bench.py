#!/usr/bin/env python3
"""Measurement runs of bench/ (see bench/README.md). Started by bench/run.sh.

Every scenario starts its own servers on free loopback ports, feeds them the
cached input in real time, measures one window and stops everything it
started. Results go to bench/results/*.csv, one row per measured run.
The scenarios and their parts are in restreambench/.
"""
import argparse
import json
import os
import signal
import time

from restreambench.config import HERE, TOP
from restreambench.peers import find_launcher
from restreambench.procs import log, set_log_dir, stop_all
from restreambench.runs import fanout, machine_info, run, write_csv
from restreambench.scenarios.failover import failover
from restreambench.scenarios.mux import mux
from restreambench.scenarios.slate import slate
from restreambench.scenarios.latency import latency
from restreambench.scenarios.rtmp import e2e_latency, rtmp_fanout
from restreambench.scenarios.slow import slow_target
from restreambench.scenarios.srt import srt_fanout


def parse_args():
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--only",
                    default="rtmp,srt,latency,e2e,failover,slate,slow,mux",
                    help="comma-separated scenarios")
    ap.add_argument("--rtmp-n", default=None)
    ap.add_argument("--srt-n", default=None)
    ap.add_argument("--peers", default=None, help="comma-separated peers")
    ap.add_argument("--window", type=float, default=None)
    ap.add_argument("--warmup", type=float, default=None)
    ap.add_argument("--repeat", type=int, default=1,
                    help="measure each fan-out cell this many times, "
                    "the peers taking turns, and keep the median CPU")
    args = ap.parse_args()
    q = args.quick
    args.window = args.window or (4.0 if q else 20.0)
    args.warmup = args.warmup or (2.0 if q else 5.0)
    args.rtmp_ns = [int(x) for x in (args.rtmp_n or
                                     ("1,8" if q else "1,8,32,100")).split(",")]
    args.srt_ns = [int(x) for x in (args.srt_n or
                                    ("8" if q else "1,8,32")).split(",")]
    args.outages = [5.0] if q else [5.0, 8.0, 12.0]
    args.slow_before = 3.0 if q else 10.0
    args.slow_freeze = 10.0 if q else 24.0
    return args


def peer_lists(args, launcher):
    """The RTMP and the SRT peers of this run."""
    peers_rtmp = ["nginx-push", "ffmpeg-tee", "gst-tee-queue", "restreamtee",
                  "restreamtee-push"]
    peers_srt = ["ffmpeg-tee", "gst-tee-queue", "restreamtee"]
    if launcher:
        peers_rtmp.append("restream-launch")
        peers_srt.append("restream-launch")
    else:
        log("bench: build/launcher/restream-launch not found: "
            "the launcher is left out")
    if args.peers:
        keep = set(args.peers.split(","))
        peers_rtmp = [p for p in peers_rtmp if p in keep]
        peers_srt = [p for p in peers_srt if p in keep]
    return peers_rtmp, peers_srt


def shorter(args, window):
    """args with the measured window at most window seconds."""
    out = argparse.Namespace(**vars(args))
    out.window = min(args.window, window)
    return out


def scenarios(args, launcher, peers_rtmp, peers_srt):
    """Every scenario of args.only, each into its CSV."""
    only = set(args.only.split(","))
    q = args.quick

    def csv(name, rows):
        write_csv(os.path.join(args.results, name), [r for r in rows if r])
    if "rtmp" in only:
        csv("fanout_rtmp.csv",
            fanout("rtmp", rtmp_fanout, args.rtmp_ns, peers_rtmp, args))
    if "srt" in only:
        csv("fanout_srt.csv",
            fanout("srt", srt_fanout, args.srt_ns, peers_srt, args))
    if "latency" in only:
        lat_args = shorter(args, 15.0)
        csv("latency.csv",
            [run("latency %s N=%d" % (p, n), latency, p, n, lat_args)
             for n in ([8] if q else [8, 32])
             for p in ("gst-tee-queue", "restreamtee-batch0",
                       "restreamtee")])
    if "e2e" in only:
        e2e_args = shorter(args, 15.0)
        csv("e2e_latency.csv",
            [run("e2e latency %s N=8" % p, e2e_latency, p, 8, e2e_args)
             for p in peers_rtmp])
    if "failover" in only:
        csv("failover.csv", run("failover", failover, args) or [])
    if "slate" in only:
        csv("slate.csv", run("slate", slate, args) or [])
    if "mux" in only:
        csv("mux.csv", run("mux", mux) or [])
    if "slow" in only:
        peers = ["gst-tee-queue", "restreamtee"] + (
            ["restream-launch"] if launcher and not q else [])
        csv("slow_target.csv",
            [run("slow target %s" % p, slow_target, p, args)
             for p in peers])


def main():
    args = parse_args()
    os.makedirs(args.results, exist_ok=True)
    log_dir = os.path.join(args.results, "logs")
    os.makedirs(log_dir, exist_ok=True)
    set_log_dir(log_dir)
    plugins = os.path.join(TOP, "build", "plugins")
    if not os.environ.get("GST_PLUGIN_PATH_1_0") and os.path.isdir(plugins):
        os.environ["GST_PLUGIN_PATH_1_0"] = plugins
    launcher = find_launcher()
    peers_rtmp, peers_srt = peer_lists(args, launcher)

    info = machine_info(args, launcher)
    with open(os.path.join(args.results, "machine.json"), "w") as f:
        json.dump(info, f, indent=1)
    t_start = time.monotonic()
    scenarios(args, launcher, peers_rtmp, peers_srt)
    info["duration_s"] = round(time.monotonic() - t_start)
    with open(os.path.join(args.results, "machine.json"), "w") as f:
        json.dump(info, f, indent=1)
    log("bench: measured in %d s" % info["duration_s"])


if __name__ == "__main__":
    def bye(sig, frame):
        raise SystemExit(128 + sig)
    signal.signal(signal.SIGTERM, bye)
    signal.signal(signal.SIGINT, bye)
    signal.signal(signal.SIGHUP, bye)
    try:
        main()
    finally:
        stop_all()
