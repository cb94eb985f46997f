"""The restreaming processes measured: gst-launch pipelines, ffmpeg's tee
muxer and restream-launch, and the pieces of their command lines."""
import os
import subprocess

from .config import BATCH, SRT_LATENCY_MS, TOP
from .procs import start

LAUNCHER = None          # build/launcher/restream-launch, when built


def find_launcher():
    """The built restream-launch, or None (then it is left out)."""
    global LAUNCHER
    path = os.path.join(TOP, "build", "launcher", "restream-launch")
    LAUNCHER = path if os.access(path, os.X_OK) else None
    return LAUNCHER


def gst(name, desc, messages=False):
    argv = ["gst-launch-1.0"] + (["-m"] if messages else ["-q"]) + desc.split()
    return start(name, argv, stdout=subprocess.PIPE if messages else None)


def fan(peer):
    """The fan-out element of a gst-launch peer and what goes before each
    of its branches' sinks: (fan-out, queue or "")."""
    if peer == "gst-tee-queue":
        return "tee name=t", "queue ! "
    return f"restreamtee name=t {BATCH}", ""


def ffmpeg_tee(in_url, outs):
    """ffmpeg's tee muxer copying in_url to the slaves in outs."""
    return start("restreamer", ["ffmpeg", "-nostdin", "-loglevel", "error",
                                "-i", in_url, "-c", "copy", "-map", "0",
                                "-f", "tee", "|".join(outs)])


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


def launch(directory, in_url, targets):
    """restream-launch on a description in directory with these targets
    ((name, url, key or None))."""
    ini = os.path.join(directory, "bench.ini")
    launcher_ini(ini, in_url, targets)
    return launcher("restreamer", ini)
