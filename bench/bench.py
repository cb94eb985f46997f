#!/usr/bin/env python3
"""Measurement runs of bench/ (see bench/README.md). Started by bench/run.sh.

Every scenario starts its own servers on free loopback ports, feeds them the
cached input in real time, measures one window and stops everything it
started. Results go to bench/results/*.csv, one row per measured run.
"""
import argparse
import contextlib
import csv
import json
import os
import platform
import queue
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(HERE)
CACHE = os.path.join(HERE, "cache")
CLK_TCK = os.sysconf("SC_CLK_TCK")
NGINX_RTMP = "/usr/lib/nginx/modules/ngx_rtmp_module.so"
CHUNK = "chunk-size=4096"
BATCH = "batch-time=50000000"
SRT_LATENCY_MS = 200
# A target got the whole stream at or above this share of the input's bytes
# (RTMP: the same FLV payload; SRT: MPEG-TS, 3-5 % larger than the FLV).
OK_RATIO = {"rtmp": 0.97, "srt": 1.00}

LOG_DIR = None
LOG_PREFIX = ""
LAUNCHER = None
RUNNING = []             # every Popen started, for cleanup


def log(msg):
    print(msg, flush=True)


# ---------------------------------------------------------------- processes

def start(name, argv, stdin=None, stdout=None, env=None):
    """Start argv in its own process group, stderr (and stdout unless
    given) to LOG_DIR/name.log."""
    logf = open(os.path.join(LOG_DIR, LOG_PREFIX + name + ".log"), "w")
    p = subprocess.Popen(argv, stdin=stdin if stdin else subprocess.DEVNULL,
                         stdout=stdout if stdout else logf, stderr=logf,
                         env=env, start_new_session=True,
                         text=True if stdout or stdin else None)
    p.logf = logf
    p.name = name
    RUNNING.append(p)
    with open(os.path.join(LOG_DIR, "pids"), "a") as f:
        f.write("%d\n" % p.pid)
    return p


def stop(p, sig=signal.SIGTERM, grace=3.0):
    if p is None or p not in RUNNING:
        return
    RUNNING.remove(p)
    if p.poll() is None:
        for s in (signal.SIGCONT, sig):
            try:
                os.killpg(p.pid, s)
            except ProcessLookupError:
                pass
        try:
            p.wait(grace)
        except subprocess.TimeoutExpired:
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            p.wait()
    p.logf.close()


def stop_all():
    """Stop everything still running: signal all, then wait for all."""
    procs = list(reversed(RUNNING))
    for p in procs:
        if p.poll() is None:
            for sig in (signal.SIGCONT, signal.SIGTERM):
                try:
                    os.killpg(p.pid, sig)
                except ProcessLookupError:
                    pass
    end = time.monotonic() + 3.0
    for p in procs:
        try:
            p.wait(max(0.1, end - time.monotonic()))
        except subprocess.TimeoutExpired:
            pass
        stop(p, signal.SIGKILL, 2.0)


HANDED_OUT = set()           # ports given by free_port in this run


def free_port():
    """A port free for TCP and UDP on 127.0.0.1, and not given before in
    this run (the kernel hands a just-closed ephemeral port out again, so
    32 ports picked in a row can hold the same one twice)."""
    while True:
        t = socket.socket()
        t.bind(("127.0.0.1", 0))
        port = t.getsockname()[1]
        u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            if port in HANDED_OUT:
                continue
            u.bind(("127.0.0.1", port))
            HANDED_OUT.add(port)
            return port
        except OSError:
            pass
        finally:
            u.close()
            t.close()


def wait_for(pred, timeout, step=0.1):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = pred()
        if v:
            return v
        time.sleep(step)
    return pred()


def sleep_checked(seconds, procs):
    """Sleep; return the name of a process in procs that exited, if any."""
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        for p in procs:
            if p.poll() is not None:
                return p.name
        time.sleep(min(0.2, max(0, end - time.monotonic())))
    return None


# ------------------------------------------------------------------- /proc

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


# ------------------------------------------------------------------- nginx

class Nginx:
    """nginx-rtmp, one process (master_process off, so the worker is the
    process measured), application "live", /stat with per-stream bytes."""

    def __init__(self, name, live_extra=""):
        self.dir = tempfile.mkdtemp(prefix="rs-bench-nginx-")
        self.port = free_port()
        self.http = free_port()
        conf = os.path.join(self.dir, "nginx.conf")
        with open(conf, "w") as f:
            f.write(f"""load_module {NGINX_RTMP};
daemon off;
master_process off;
worker_processes 1;
error_log {self.dir}/error.log warn;
pid {self.dir}/nginx.pid;
events {{ worker_connections 2048; }}
rtmp {{ server {{ listen 127.0.0.1:{self.port}; chunk_size 4096;
  application live {{ live on; record off;
{live_extra}  }} }} }}
http {{ access_log off; client_body_temp_path {self.dir}/body;
  proxy_temp_path {self.dir}/proxy; fastcgi_temp_path {self.dir}/fcgi;
  uwsgi_temp_path {self.dir}/uwsgi; scgi_temp_path {self.dir}/scgi;
  server {{ listen 127.0.0.1:{self.http}; location /stat {{ rtmp_stat all; }} }} }}
""")
        self.proc = start(name, ["nginx", "-p", self.dir, "-e", "stderr",
                                 "-c", conf])
        if not wait_for(self._up, 5):
            raise RuntimeError("nginx %s did not start (see %s.log)"
                               % (name, name))

    def _up(self):
        try:
            socket.create_connection(("127.0.0.1", self.port), 0.2).close()
            return True
        except OSError:
            return False

    def url(self, key=None):
        u = "rtmp://127.0.0.1:%d/live" % self.port
        return u + "/" + key if key else u

    def stat(self):
        """{stream name: bytes_in} of application live."""
        try:
            with urllib.request.urlopen(
                    "http://127.0.0.1:%d/stat" % self.http, timeout=2) as r:
                root = ET.fromstring(r.read())
        except (OSError, ET.ParseError):
            return {}
        out = {}
        for s in root.iter("stream"):
            name, b = s.findtext("name"), s.findtext("bytes_in")
            if name and b:
                out[name] = int(b)
        return out

    def close(self):
        stop(self.proc)
        subprocess.run(["rm", "-rf", self.dir])


def publisher(ingest, name="publisher"):
    return start(name, ["ffmpeg", "-nostdin", "-loglevel", "error", "-re",
                        "-stream_loop", "-1", "-i",
                        os.path.join(CACHE, "input.flv"), "-c", "copy",
                        "-f", "flv", ingest.url("in")])


def wait_input(ingest):
    if not wait_for(lambda: ingest.stat().get("in", 0) > 100000, 15, 0.2):
        raise RuntimeError("the publisher never reached the ingest nginx")


# ------------------------------------------------------------ pipelines

def gst(name, desc, messages=False):
    argv = ["gst-launch-1.0"] + (["-m"] if messages else ["-q"]) + desc.split()
    return start(name, argv, stdout=subprocess.PIPE if messages else None)


def srt_front(in_url):
    """The input pulled and demuxed by failoversrc, muxed once to MPEG-TS
    in 1316-byte buffers (one SRT message each), as pipelines/rtmp-to-srt.sh.
    (rtmp2src ! flvdemux ! ... ! mpegtsmux stalls here: nginx sends a new
    player audio until the next keyframe, the muxer waits for video and the
    audio queue fills.)"""
    return (f"failoversrc name=in uri={in_url} "
            "in.video ! queue ! h264parse config-interval=-1 ! "
            "video/x-h264,stream-format=byte-stream ! mux. "
            "in.audio ! queue ! mux. "
            "mpegtsmux name=mux alignment=7 latency=100000000 ! ")


def srt_uri(port, us=False):
    lat = SRT_LATENCY_MS * 1000 if us else SRT_LATENCY_MS
    q = f"mode=caller&latency={lat}"
    if us:
        q += "&pkt_size=1316"
    return f"srt://127.0.0.1:{port}?{q}"


def launcher_ini(path, in_url, targets):
    """targets: list of (name, url, key or None)."""
    with open(path, "w") as f:
        f.write(f"[restream]\nname=bench\ninput={in_url}\n")
        for name, url, key in targets:
            f.write(f"\n[target {name}]\nurl={url}\n")
            if key:
                f.write(f"key={key}\n")


def launcher(name, ini):
    return start(name, [LAUNCHER, "-q", "--pid-file", ini + ".pid", ini])


# ---------------------------------------------------------------- window

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


# ------------------------------------------------------------- scenarios

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
        outs = "|".join(f"[f=flv:onfail=ignore]{target.url(k)}"
                        for k in keys)
        return start("restreamer", ["ffmpeg", "-nostdin", "-loglevel",
                                    "error", "-i", in_url, "-c", "copy",
                                    "-map", "0", "-f", "tee", outs])
    if peer in ("gst-tee-queue", "restreamtee", "restreamtee-push"):
        head = (f"rtmp2src location={in_url} ! " +
                ("tee name=t " if peer == "gst-tee-queue"
                 else f"restreamtee name=t {BATCH} "))
        q = "queue ! " if peer == "gst-tee-queue" else ""
        sink = "rtmppushsink" if peer == "restreamtee-push" else "rtmp2sink"
        return gst("restreamer", head + " ".join(
            f"t. ! {q}{sink} location={target.url(k)} {CHUNK} "
            "sync=false" for k in keys))
    if peer == "restream-launch":
        ini = os.path.join(target.dir, "bench.ini")
        launcher_ini(ini, in_url, [(k, target.url(), k) for k in keys])
        return launcher("restreamer", ini)
    raise ValueError("unknown peer " + peer)


@contextlib.contextmanager
def rtmp_running(peer, n):
    """Servers, publisher and peer for N RTMP targets, until every target
    has data (30 s at most); yields (keys, ingest, target, proc, procs, up)
    and stops everything afterwards."""
    keys = ["stream-%03d" % i for i in range(1, n + 1)]
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


class SrtRecv:
    def __init__(self, ports):
        self.proc = start("srtrecv", [os.path.join(CACHE, "srtrecv"),
                                      str(SRT_LATENCY_MS)] +
                          [str(p) for p in ports],
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE)
        self.ports = ports
        if self.proc.stdout.readline().strip() != "ready":
            raise RuntimeError("srtrecv did not start (see srtrecv.log)")

    def stat(self):
        self.proc.stdin.write("s\n")
        self.proc.stdin.flush()
        v = self.proc.stdout.readline().split()
        return {"stream-%03d" % (i + 1): int(b) for i, b in enumerate(v[1:])}


def srt_fanout(peer, n, args):
    keys = ["stream-%03d" % i for i in range(1, n + 1)]
    ports = [free_port() for _ in keys]
    ingest = Nginx("ingest")
    try:
        recv = SrtRecv(ports)
        pub = publisher(ingest)
        wait_input(ingest)
        in_url = ingest.url("in")
        if peer == "ffmpeg-tee":
            outs = "|".join(f"[f=mpegts:onfail=ignore]{srt_uri(p, True)}"
                            for p in ports)
            proc = start("restreamer", ["ffmpeg", "-nostdin", "-loglevel",
                                        "error", "-i", in_url, "-c", "copy",
                                        "-map", "0", "-f", "tee", outs])
        elif peer in ("gst-tee-queue", "restreamtee"):
            head = srt_front(in_url) + (
                "tee name=t " if peer == "gst-tee-queue"
                else f"restreamtee name=t {BATCH} ")
            q = "queue ! " if peer == "gst-tee-queue" else ""
            proc = gst("restreamer", head + " ".join(
                f't. ! {q}srtsink uri="{srt_uri(p)}" sync=false async=false'
                for p in ports))
        elif peer == "restream-launch":
            ini = os.path.join(ingest.dir, "bench.ini")
            launcher_ini(ini, in_url, [(k, srt_uri(p, True), None)
                                       for k, p in zip(keys, ports)])
            proc = launcher("restreamer", ini)
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


def latency(peer, n, args):
    keys = ["stream-%03d" % i for i in range(1, n + 1)]
    target = Nginx("target")
    ingest = Nginx("ingest")
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        fan = {"gst-tee-queue": "tee name=t",
               "restreamtee-batch0": "restreamtee name=t",
               "restreamtee": f"restreamtee name=t {BATCH}"}[peer]
        q = "queue ! " if peer == "gst-tee-queue" else ""
        desc = f"rtmp2src location={ingest.url('in')} ! {fan} " + " ".join(
            f"t. ! {q}rtmp2sink name=s{i} location={target.url(k)} {CHUNK} "
            "sync=false" for i, k in enumerate(keys))
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


def reader(stream, q):
    """Lines of stream into q as (monotonic time, line)."""
    for line in stream:
        q.put((time.monotonic(), line))
    q.put((time.monotonic(), None))


def wait_line(q, pred, timeout):
    end = time.monotonic() + timeout
    while True:
        left = end - time.monotonic()
        if left <= 0:
            return None
        try:
            t, line = q.get(timeout=left)
        except queue.Empty:
            return None
        if line is None:
            return None
        if pred(line):
            return t


def failover(args):
    target = Nginx("target")
    ingest = Nginx("ingest")
    rows = []
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        desc = (f"failoversrc name=in uri={ingest.url('in')} "
                "in.video ! queue ! mux. in.audio ! queue ! mux. "
                "flvmux name=mux streamable=true latency=100000000 ! "
                f"restreamtee name=t {BATCH} "
                f"t. ! rtmp2sink location={target.url('stream-001')} {CHUNK} "
                "sync=false async=false")
        rs = gst("restreamer", desc, messages=True)
        msgs = queue.Queue()
        threading.Thread(target=reader, args=(rs.stdout, msgs),
                         daemon=True).start()

        def state(s):
            return lambda l: "failoversrc-state" in l and \
                f"state=(string){s}" in l
        if wait_line(msgs, state("active"), 20) is None:
            raise RuntimeError("failoversrc never became active")
        if not wait_for(lambda: target.stat().get("stream-001", 0) > 0, 15, 0.2):
            raise RuntimeError("the target never received the stream")
        kw = start("keywatch", [os.path.join(CACHE, "probe"), "keywatch",
                                target.url("stream-001")], stdout=subprocess.PIPE)
        keys = queue.Queue()
        threading.Thread(target=reader, args=(kw.stdout, keys),
                         daemon=True).start()
        if wait_line(keys, lambda l: l.startswith("key"), 10) is None:
            raise RuntimeError("no keyframe seen at the target")
        for i, outage in enumerate(args.outages):
            time.sleep(3)
            while not msgs.empty():
                msgs.get()
            t_cut = time.monotonic()
            stop(pub, signal.SIGKILL)
            t_retry = wait_line(msgs, state("retrying"), outage + 10)
            time.sleep(max(0, t_cut + outage - time.monotonic()))
            while not keys.empty():
                keys.get()
            t_back = time.monotonic()
            pub = publisher(ingest, "publisher%d" % (i + 2))
            t_active = wait_line(msgs, state("active"), 20)
            t_key = wait_line(keys, lambda l: l.startswith("key"), 20)
            rows.append({
                "scenario": "failover", "outage_s": outage,
                "cut_to_retrying_s": round(t_retry - t_cut, 3)
                if t_retry else "",
                "return_to_active_s": round(t_active - t_back, 3)
                if t_active else "",
                "return_to_target_keyframe_s": round(t_key - t_back, 3)
                if t_key else "",
                "restreamer_alive": rs.poll() is None,
            })
            log("  outage %.0f s: %s" % (outage, rows[-1]))
        return rows
    finally:
        stop_all()
        target.close()
        ingest.close()


class LagWatch:
    """`probe lag` playing one RTMP stream: (arrival, FLV timestamp, data
    size) of every video tag, times in seconds. The input is paced in real
    time, so arrival - timestamp is the delivery lag plus a constant."""

    def __init__(self, name, url):
        self.samples = []
        self.proc = start(name, [os.path.join(CACHE, "probe"), "lag", url],
                          stdout=subprocess.PIPE)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.proc.stdout:
            f = line.split()
            if len(f) == 4 and f[0] == "v":
                self.samples.append((int(f[1]) / 1e6, int(f[2]) / 1e3,
                                     int(f[3])))

    def window(self, t0, t1):
        """(arrival, timestamp) of the frames that arrived in [t0, t1)."""
        return [(a, ts) for a, ts, _ in list(self.samples) if t0 <= a < t1]

    def frames(self):
        """[(arrival, key)], key: the data sizes of this frame and the two
        after it, which name the frame in another player's copy."""
        s = list(self.samples)
        return [(s[i][0], (s[i][2], s[i + 1][2], s[i + 2][2]))
                for i in range(len(s) - 2)]


def transit(source, copy, t0, t1):
    """Delay of each frame of copy that arrived in [t0, t1) after the same
    frame arrived at source, in ms: frames are matched by their sizes (the
    payload is passed through unchanged, timestamps are not), to the latest
    arrival at source no more than 10 s before (the input file loops every
    60 s, so sizes come back)."""
    seen = {}
    for a, key in source.frames():
        seen.setdefault(key, []).append(a)
    out, total = [], 0
    for a, key in copy.frames():
        if not t0 <= a < t1:
            continue
        total += 1
        before = [x for x in seen.get(key, ()) if a - 10 < x <= a + 0.001]
        if before:
            out.append((a - max(before)) * 1e3)
    return sorted(out), total


def lag_stats(watch, base, t0, t1):
    """Lag of the frames that arrived in [t0, t1) over base (the least
    lag seen before the freeze), in ms: median, p99, and the longest gap
    between two arrivals (a target that gets nothing has a gap as long as
    the window, whatever the lag of the frames around it)."""
    w = watch.window(t0, t1)
    if not w:
        return None, None, (t1 - t0) * 1e3
    lags = sorted((a - ts - base) * 1e3 for a, ts in w)
    arrivals = [t0] + [a for a, _ in w] + [t1]
    gap = max(b - a for a, b in zip(arrivals, arrivals[1:])) * 1e3
    return (lags[len(lags) // 2], lags[min(len(lags) - 1,
                                            int(0.99 * len(lags)))], gap)


def slow_target(peer, args):
    """Targets t1..t3 on one nginx, t4 on another that is frozen with
    SIGSTOP for the freeze window. The healthy targets' delivery (bytes)
    and latency (arrival lag of every video frame, played back from their
    nginx) before and during the freeze; the input's own arrival lag at the
    ingest is measured alongside, as the floor."""
    healthy_keys, frozen_key = ["stream-001", "stream-002", "stream-003"], "stream-004"
    healthy = Nginx("healthy")
    frozen = Nginx("frozen")
    ingest = Nginx("ingest")
    try:
        pub = publisher(ingest)
        wait_input(ingest)
        in_url = ingest.url("in")
        dest = [(k, healthy) for k in healthy_keys] + [(frozen_key, frozen)]
        if peer == "restream-launch":
            ini = os.path.join(ingest.dir, "bench.ini")
            launcher_ini(ini, in_url, [(k, s.url(), k) for k, s in dest])
            proc = launcher("restreamer", ini)
        else:
            fan = "tee name=t" if peer == "gst-tee-queue" \
                else f"restreamtee name=t {BATCH}"
            q = "queue ! " if peer == "gst-tee-queue" else ""
            # timeout=3600: a frozen server must not end the whole pipeline
            # with "Socket I/O timed out" inside the window.
            proc = gst("restreamer", f"rtmp2src location={in_url} ! {fan} " +
                       " ".join(f"t. ! {q}rtmp2sink location={s.url(k)} "
                                f"{CHUNK} sync=false timeout=3600"
                                for k, s in dest))
        procs = [pub, proc, ingest.proc, healthy.proc]
        wait_for(lambda: all(healthy.stat().get(k, 0) > 0
                             for k in healthy_keys)
                 and frozen.stat().get(frozen_key, 0) > 0, 30, 0.25)
        watches = {k: LagWatch("lag-" + k, healthy.url(k))
                   for k in healthy_keys}
        watches["in"] = LagWatch("lag-in", in_url)
        sleep_checked(args.warmup, procs)

        def read_in():
            return ingest.stat().get("in", 0)
        t_before = time.monotonic()
        before = measure([proc.pid], args.slow_before, read_in, healthy.stat,
                         procs)
        t_freeze = time.monotonic()
        os.kill(frozen.proc.pid, signal.SIGSTOP)
        half = args.slow_freeze / 2
        first = measure([proc.pid], half, read_in, healthy.stat, procs)
        second = measure([proc.pid], half, read_in, healthy.stat, procs)
        t_end = time.monotonic()
        os.kill(frozen.proc.pid, signal.SIGCONT)

        def hmin(r):
            return min(r["ratios"].get(k, 0.0) for k in healthy_keys)
        b = hmin(before)
        f1, f2 = hmin(first), hmin(second)

        def lags(keys):
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
        (hb50, hb99, hbgap), (hf50, hf99, hfgap) = lags(healthy_keys)
        (_, ib99, _), (_, if99, _) = lags(["in"])

        def blank(v):
            return "" if v is None else v
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
    finally:
        stop_all()
        healthy.close()
        frozen.close()
        ingest.close()


# -------------------------------------------------------------- main

def machine_info(args):
    def first(cmd):
        try:
            return subprocess.run(cmd, capture_output=True, text=True,
                                  timeout=10).stdout.splitlines()[0].strip()
        except (OSError, IndexError, subprocess.TimeoutExpired):
            return ""
    model = ""
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    mem = ""
    with open("/proc/meminfo") as f:
        mem = f.readline().split()[1]
    return {
        "date": time.strftime("%Y-%m-%d %H:%M:%S %z"),
        "mode": "quick" if args.quick else "full",
        "nproc": os.cpu_count(), "cpu_model": model,
        "mem_gb": round(int(mem) / 1024 / 1024, 1),
        "kernel": platform.release(),
        "os": first(["sh", "-c", ". /etc/os-release && echo $PRETTY_NAME"]),
        "gstreamer": first(["gst-launch-1.0", "--version"]).split()[-1],
        "ffmpeg": first(["ffmpeg", "-version"]).split()[2],
        "nginx": subprocess.run(["nginx", "-v"], capture_output=True,
                                text=True).stderr.strip().split("/")[-1],
        "srt": first(["pkg-config", "--modversion", "srt"]),
        "commit": first(["git", "-C", TOP, "rev-parse", "--short", "HEAD"]),
        "nice": os.nice(0),
        "window_s": args.window, "warmup_s": args.warmup,
        "launcher": bool(LAUNCHER),
    }


def write_csv(path, rows):
    if not rows:
        return
    fields = list(rows[0].keys())
    with open(path, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)


def main():
    global LOG_DIR, LAUNCHER
    ap = argparse.ArgumentParser()
    ap.add_argument("--quick", action="store_true")
    ap.add_argument("--results", default=os.path.join(HERE, "results"))
    ap.add_argument("--only", default="rtmp,srt,latency,e2e,failover,slow",
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
    rtmp_n = [int(x) for x in (args.rtmp_n or
                               ("1,8" if q else "1,8,32,100")).split(",")]
    srt_n = [int(x) for x in (args.srt_n or
                              ("8" if q else "1,8,32")).split(",")]
    args.outages = [5.0] if q else [5.0, 8.0, 12.0]
    args.slow_before = 3.0 if q else 10.0
    args.slow_freeze = 10.0 if q else 24.0
    only = set(args.only.split(","))

    os.makedirs(args.results, exist_ok=True)
    LOG_DIR = os.path.join(args.results, "logs")
    os.makedirs(LOG_DIR, exist_ok=True)
    plugins = os.path.join(TOP, "build", "plugins")
    if not os.environ.get("GST_PLUGIN_PATH_1_0") and os.path.isdir(plugins):
        os.environ["GST_PLUGIN_PATH_1_0"] = plugins
    path = os.path.join(TOP, "build", "launcher", "restream-launch")
    LAUNCHER = path if os.access(path, os.X_OK) else None
    peers_rtmp = ["nginx-push", "ffmpeg-tee", "gst-tee-queue", "restreamtee",
                  "restreamtee-push"]
    peers_srt = ["ffmpeg-tee", "gst-tee-queue", "restreamtee"]
    if LAUNCHER:
        peers_rtmp.append("restream-launch")
        peers_srt.append("restream-launch")
    else:
        log("bench: build/launcher/restream-launch not found: "
            "the launcher is left out")
    if args.peers:
        keep = set(args.peers.split(","))
        peers_rtmp = [p for p in peers_rtmp if p in keep]
        peers_srt = [p for p in peers_srt if p in keep]

    info = machine_info(args)
    with open(os.path.join(args.results, "machine.json"), "w") as f:
        json.dump(info, f, indent=1)
    t_start = time.monotonic()

    def run(label, fn, *a):
        global LOG_PREFIX
        LOG_PREFIX = label.replace(" ", "-").replace("=", "") + "."
        log("bench: %s" % label)
        t0 = time.monotonic()
        try:
            row = fn(*a)
        except Exception as e:       # one broken run must not end the rest
            log("bench: %s failed: %s" % (label, e))
            return None
        if isinstance(row, dict):
            log("  " + ", ".join("%s=%s" % kv for kv in row.items()
                                 if kv[0] not in ("scenario",)))
        log("  (%.1f s)" % (time.monotonic() - t0))
        return row

    def fanout(tag, fn, ns, peers):
        """Every (peer, N) cell args.repeat times, the peers taking turns
        within each round so that a slow spell of the machine hits them
        alike; per cell the run with the median CPU is kept, with the
        spread of all runs."""
        cells = {}
        for n in ns:
            for k in range(args.repeat):
                for p in peers:
                    label = "%s %s N=%d" % (tag, p, n)
                    if args.repeat > 1:
                        label += " run %d" % (k + 1)
                    row = run(label, fn, p, n, args)
                    if row:
                        cells.setdefault((n, p), []).append(row)
        rows = []
        for n in ns:
            for p in peers:
                runs = sorted(cells.get((n, p), []),
                              key=lambda r: r["cpu_pct"])
                if not runs:
                    continue
                row = dict(runs[(len(runs) - 1) // 2])
                row["runs"] = len(runs)
                row["cpu_pct_min"] = runs[0]["cpu_pct"]
                row["cpu_pct_max"] = runs[-1]["cpu_pct"]
                rows.append(row)
        return rows

    if "rtmp" in only:
        write_csv(os.path.join(args.results, "fanout_rtmp.csv"),
                  fanout("rtmp", rtmp_fanout, rtmp_n, peers_rtmp))
    if "srt" in only:
        write_csv(os.path.join(args.results, "fanout_srt.csv"),
                  fanout("srt", srt_fanout, srt_n, peers_srt))
    if "latency" in only:
        ns = [8] if q else [8, 32]
        lat_args = argparse.Namespace(**vars(args))
        lat_args.window = min(args.window, 15.0)
        rows = [run("latency %s N=%d" % (p, n), latency, p, n, lat_args)
                for n in ns
                for p in ("gst-tee-queue", "restreamtee-batch0",
                          "restreamtee")]
        write_csv(os.path.join(args.results, "latency.csv"),
                  [r for r in rows if r])
    if "e2e" in only:
        e2e_args = argparse.Namespace(**vars(args))
        e2e_args.window = min(args.window, 15.0)
        rows = [run("e2e latency %s N=8" % p, e2e_latency, p, 8, e2e_args)
                for p in peers_rtmp]
        write_csv(os.path.join(args.results, "e2e_latency.csv"),
                  [r for r in rows if r])
    if "failover" in only:
        rows = run("failover", failover, args)
        write_csv(os.path.join(args.results, "failover.csv"), rows or [])
    if "slow" in only:
        peers = ["gst-tee-queue", "restreamtee"] + (
            ["restream-launch"] if LAUNCHER and not q else [])
        rows = [run("slow target %s" % p, slow_target, p, args)
                for p in peers]
        write_csv(os.path.join(args.results, "slow_target.csv"),
                  [r for r in rows if r])
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
