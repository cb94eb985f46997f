"""The FLV muxer's cost: the same 60 s of 720p30 H.264 + AAC (and of HEVC
+ AAC) read from an MPEG-TS file, parsed, muxed and thrown away, as fast as
the machine goes. Stock flvmux (H.264 only) against our eflvmux, taking
turns in the same run, and the same pipeline without a muxer as the
baseline: CPU seconds of each gst-launch-1.0 process per minute of media,
and the muxer's own share (the run less the baseline)."""
import os
import subprocess
import time

from ..config import CACHE
from ..procs import log

MEDIA_S = 60
FPS = 30
REPEAT = 3

ENCODERS = {
    "h264": "x264enc speed-preset=ultrafast tune=zerolatency bitrate=3000 "
            "key-int-max=60 ! h264parse",
    "h265": "x265enc speed-preset=ultrafast tune=zerolatency bitrate=3000 "
            "key-int-max=60 ! h265parse",
}
PARSE = {
    "h264": "h264parse ! video/x-h264,stream-format=avc,alignment=au",
    "h265": "h265parse ! video/x-h265,stream-format=hvc1,alignment=au",
}


def source(codec):
    """The cached MPEG-TS input of @codec, made once."""
    os.makedirs(CACHE, exist_ok=True)
    path = os.path.join(CACHE, "mux-%s-%ds.ts" % (codec, MEDIA_S))
    if os.path.exists(path):
        return path
    log("mux: encoding %s" % path)
    line = ("videotestsrc num-buffers=%d pattern=smpte ! video/x-raw,"
            "width=1280,height=720,framerate=%d/1 ! %s ! mpegtsmux name=m ! "
            "filesink location=%s.part audiotestsrc num-buffers=%d ! "
            "audio/x-raw,rate=48000,channels=2 ! voaacenc ! aacparse ! m." % (
                MEDIA_S * FPS, FPS, ENCODERS[codec], path,
                MEDIA_S * 48000 // 1024))
    subprocess.run(["gst-launch-1.0", "-q"] + line.split(), check=True,
                   timeout=600)
    os.rename(path + ".part", path)
    return path


def cpu_seconds(line):
    """User + system CPU seconds of one gst-launch-1.0 run of @line."""
    p = subprocess.Popen(["gst-launch-1.0", "-q"] + line.split(),
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    p.stderr.close()
    if status != 0:
        raise RuntimeError("gst-launch-1.0 failed: %s: %s" % (line, err))
    return usage.ru_utime + usage.ru_stime


def pipeline(path, codec, muxer):
    demux = "filesrc location=%s ! tsdemux name=d d. ! queue ! %s" % (
        path, PARSE[codec])
    audio = "d. ! queue ! aacparse"
    if muxer is None:
        return "%s ! fakesink %s ! fakesink" % (demux, audio)
    return "%s ! %s name=m ! fakesink %s ! m." % (demux, muxer, audio)


def mux():
    rows = []
    cases = [("h264", None), ("h264", "flvmux"), ("h264", "eflvmux"),
             ("h265", None), ("h265", "eflvmux")]
    paths = {c: source(c) for c in ENCODERS}
    seconds = {case: [] for case in cases}
    for _ in range(REPEAT):
        for codec, muxer in cases:
            t0 = time.monotonic()
            cpu = cpu_seconds(pipeline(paths[codec], codec, muxer))
            log("mux: %s %s %.2f s CPU in %.1f s" % (
                codec, muxer or "no muxer", cpu, time.monotonic() - t0))
            seconds[(codec, muxer)].append(cpu)
    for codec, muxer in cases:
        runs = sorted(seconds[(codec, muxer)])
        median = runs[len(runs) // 2]
        base = sorted(seconds[(codec, None)])[REPEAT // 2]
        rows.append({
            "scenario": "mux", "codec": codec, "peer": muxer or "none",
            "media_s": MEDIA_S, "repeat": REPEAT,
            "cpu_s_per_media_min": round(median * 60.0 / MEDIA_S, 3),
            "muxer_cpu_s_per_media_min":
                "" if muxer is None else
                round((median - base) * 60.0 / MEDIA_S, 3),
        })
    return rows
