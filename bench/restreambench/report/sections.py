"""The sections of the report on each scenario: how it is run, its
plots and its tables; each returns its lines."""
import os

from ..config import HERE
from .common import ns_of
from .tables import (delivery_table, e2e_table, failover_table,
                     latency_table, mux_table, ratio_table, slate_table,
                     slope_table, slow_lag_table, slow_table)


def cpu_lines(rows, per_target):
    """A fan-out's CPU tables: in all, per target (titled per_target) and
    the cost of one more target."""
    L = []
    w = L.append
    w("CPU, % of one core:\n")
    w(ratio_table(rows, "cpu_pct", " %") + "\n")
    w(per_target + ", % of one core:\n")
    w(ratio_table(rows, "cpu_per_target_pct", " %", digits=3) + "\n")
    if len(ns_of(rows)) > 1:
        w("Cost of one more target (slope of CPU between the smallest "
          "and the largest N), % of one core:\n")
        w(slope_table(rows, "cpu_pct", " %") + "\n")
    return L


def rtmp_section(rtmp, img):
    """The RTMP fan-out: the peers, the plots and the tables."""
    L = []
    w = L.append
    w("## RTMP fan-out\n")
    w("N RTMP targets on one local nginx-rtmp (`application live`), "
      "`chunk-size=4096` and `sync=false` on every rtmp2sink. Peers:\n")
    w("- nginx-rtmp `push`: the ingest application has N `push "
      "rtmp://127.0.0.1:PORT/live/KEY;` lines.")
    w("- ffmpeg tee muxer: `ffmpeg -i rtmp://ingest -c copy -map 0 -f tee "
      "\"[f=flv:onfail=ignore]rtmp://…|…\"`.")
    w("- GStreamer `tee ! queue`: `rtmp2src ! tee name=t t. ! queue ! "
      "rtmp2sink …` × N.")
    w("- restreamtee (gst-launch): `rtmp2src ! restreamtee name=t "
      "batch-time=50000000 t. ! rtmp2sink …` × N.")
    w("- restream-launch: the launcher on a description with N `[target]`"
      " groups: failoversrc → flvmux → restreamtee (batch-time 50 ms) → "
      "targetvalidator → rtmp2sink, each target in its own bin.\n")
    w(img("cpu_rtmp", "CPU vs N, RTMP"))
    L += cpu_lines(rtmp, "CPU per target (CPU / N)")
    w(img("rss_per_target_rtmp", "RSS per target vs N, RTMP"))
    w("Resident memory (peak VmRSS), MB:\n")
    w(ratio_table(rtmp, "rss_mb", "") + "\n")
    w("Resident memory per target (VmRSS / N), MB:\n")
    w(ratio_table(rtmp, "rss_per_target_mb", "") + "\n")
    w(img("delivery_rtmp", "delivery ratio, RTMP"))
    w("Delivery, least-served / median target (bytes ÷ input bytes):\n")
    w(delivery_table(rtmp) + "\n")
    # The profile is measured by hand (perf), kept in bench/profile.md.
    prof = os.path.join(HERE, "profile.md")
    if os.path.exists(prof):
        with open(prof) as f:
            w(f.read() + "\n")
    return L


def srt_section(srt, img):
    """The SRT fan-out: the peers, the plots and the tables."""
    L = []
    w = L.append
    w("## SRT fan-out\n")
    w("N SRT targets, all served by one receiver process "
      "(`bench/tools/srtrecv.c`: one listener per target port, one "
      "thread, data counted and discarded), latency %s ms everywhere. "
      "The input is still the RTMP stream. Peers:\n" % "200")
    w("- ffmpeg tee muxer with MPEG-TS slaves: `ffmpeg -i rtmp://ingest "
      "-c copy -map 0 -f tee \"[f=mpegts:onfail=ignore]srt://127.0.0.1:P?"
      "mode=caller&latency=200000&pkt_size=1316|…\"`. This is the fair "
      "peer: it is what an ffmpeg user runs to send one stream to many "
      "SRT listeners, and it does the same work (demux FLV, mux "
      "MPEG-TS, send 1316-byte SRT messages), except that it muxes once "
      "per target. nginx-rtmp has no SRT. `srt-live-transmit` takes "
      "one input and one output per process, so a fan-out with it "
      "would be N processes each fed by something else, not a "
      "fan-out peer.")
    w("- GStreamer `tee ! queue` and restreamtee (gst-launch): the same "
      "front as the launcher and `pipelines/rtmp-to-srt.sh`, "
      "`failoversrc ! h264parse config-interval=-1 ! mpegtsmux "
      "alignment=7`, muxed once, then `tee ! queue ! srtsink` or "
      "`restreamtee batch-time=50000000 ! srtsink`, "
      "`sync=false async=false`. (`rtmp2src ! flvdemux` stalls before "
      "the first keyframe: nginx sends a new player audio first, "
      "mpegtsmux waits for video and the audio queue fills.)")
    w("- restream-launch with N SRT `[target]` groups.\n")
    w(img("cpu_srt", "CPU vs N, SRT"))
    L += cpu_lines(srt, "CPU per target")
    w(img("rss_per_target_srt", "RSS per target vs N, SRT"))
    w("Resident memory per target (VmRSS / N), MB:\n")
    w(ratio_table(srt, "rss_per_target_mb", "") + "\n")
    w(img("delivery_srt", "delivery ratio, SRT"))
    w("Delivery, least-served / median target (bytes ÷ input FLV "
      "bytes):\n")
    w(delivery_table(srt) + "\n")
    return L


def latency_section(lat):
    """Added latency, as `probe latency` measures it."""
    L = []
    w = L.append
    w("## Added latency\n")
    w("`bench/tools/probe.c latency` runs `rtmp2src ! FANOUT ! "
      "rtmp2sink` × N to a local nginx-rtmp and stamps every buffer on "
      "the fan-out's sink pad and again on each rtmp2sink's sink pad "
      "(buffer lists buffer by buffer): the time a buffer takes from "
      "entering the fan-out to being handed to a target's sink. "
      "Everything after that (rtmp2sink's own thread, the socket) is "
      "the same for every peer and not included. × is against the "
      "lowest median and p99 at that N.\n")
    w(latency_table(lat) + "\n")
    return L


def e2e_section(e2e):
    """Input to target, end to end."""
    L = []
    w = L.append
    w("## Input to target, end to end\n")
    w("Every peer at N = %s, each frame timed from its arrival at a "
      "player of the ingest nginx to its arrival at a player of the "
      "first and of the last target (`bench/tools/probe.c lag`); a "
      "frame is recognised by the data sizes of it and the next two "
      "frames, since the payload passes unchanged and the timestamps do "
      "not. Both players and the target nginx's relay are the same for "
      "every peer, so the differences are the peers' own. In brackets: "
      "ms more than the lowest. restream-launch batches 50 ms per "
      "target (restreamtee `batch-time`) and muxes again (flvmux). "
      "*Frames matched* counts the target's frames that were found in "
      "the ingest player's copy.\n" % e2e[0]["n"])
    w(e2e_table(e2e) + "\n")
    return L


def failover_section(fo):
    """Input failover timing."""
    L = []
    w = L.append
    w("## Input failover\n")
    w("`gst-launch-1.0 -m failoversrc uri=rtmp://ingest ! flvmux ! "
      "restreamtee ! rtmp2sink` to one target; the publisher (ffmpeg) is "
      "killed with SIGKILL and started again after the outage; "
      "`failoversrc-state` messages are read from gst-launch's output, "
      "keyframes at the target by `probe keywatch` playing the target's "
      "stream. *return → first keyframe* is from starting the new "
      "publisher process to the first keyframe the target's player "
      "receives; it includes ffmpeg's start, the RTMP handshake and "
      "failoversrc's retry pacing (pulls at 0, 0.5, 1, 2, 4 s and then "
      "every 5 s after a loss), so it depends on when in that schedule "
      "the input returns. There is no peer here: nginx `push` and "
      "ffmpeg do not pull an input again.\n")
    w(failover_table(fo) + "\n")
    return L


def slate_section(rows):
    """The outage slate's cost against gaps only."""
    L = []
    w = L.append
    w("## Outage slate\n")
    w("The input-failover pipeline (`failoversrc ! flvmux ! restreamtee ! "
      "rtmp2sink`, one target) with `failoversrc slate=true`, against "
      "the same pipeline with `slate=false` (GAP events only), taking "
      "turns in the same run. CPU (%% of one core) of the gst-launch-1.0 "
      "process over %s s windows: while the input is live, from 1 s after "
      "`retrying` (the slate's encoder on air: a card at the input's "
      "720p30, x264 ultrafast, CBR with filler at the input's measured "
      "bitrate, AAC silence), and 2 s after the input is back (the "
      "encoder stopped). The publisher is killed for %s s.\n" % (
          "8–12", rows[0].get("outage_s", "?")))
    w(slate_table(rows) + "\n")
    return L


def mux_section(rows):
    """The FLV muxer: eflvmux against flvmux."""
    L = []
    w = L.append
    w("## FLV muxer\n")
    w("restream-launch muxes every RTMP target's stream with our `eflvmux` "
      "(H.264 in legacy tags, HEVC as Enhanced RTMP). The same %s s of "
      "720p30 H.264 + AAC (3 Mb/s), and of HEVC + AAC, read from an "
      "MPEG-TS file, demuxed, parsed, muxed and thrown away as fast as the "
      "machine goes, the muxers taking turns, median of %s runs; the "
      "muxer's share is the run less the same pipeline without a muxer. "
      "flvmux cannot take HEVC.\n" % (rows[0].get("media_s", "?"),
                                      rows[0].get("repeat", "?")))
    w(mux_table(rows) + "\n")
    return L


def slow_section(slow, img):
    """One frozen target: the healthy targets' delivery and latency."""
    L = []
    w = L.append
    w("## Slow target\n")
    w("Four RTMP targets: three on one nginx, the fourth on a second "
      "nginx that is stopped with SIGSTOP for %s s. Each figure is the "
      "lowest of the three healthy targets' delivery (bytes ÷ input "
      "bytes) in that part of the window; the freeze is split in two "
      "halves because the frozen connection's socket buffers (several "
      "MB on loopback) absorb the first seconds. The gst-launch "
      "pipelines run rtmp2sink with `timeout=3600`, so that the frozen "
      "sink's \"Socket I/O timed out\" ERROR (after about 11 s) does "
      "not end the whole pipeline inside the window; the launcher "
      "keeps its own settings and restarts the frozen target's branch "
      "alone.\n" % slow[0]["freeze_s"])
    w(img("slow_target", "slow target"))
    w(slow_table(slow) + "\n")
    lag = slow_lag_table(slow)
    if lag:
        w("Latency of the same healthy targets: `bench/tools/probe.c "
          "lag` plays each one back from its nginx and notes, for every "
          "video frame, its arrival time minus its FLV timestamp. The "
          "input is paced in real time, so that difference is the "
          "delivery lag plus a constant; the figures are over the least "
          "lag seen before the freeze, in ms, for the worst of the three "
          "targets. The longest gap is the longest time between two "
          "frames arriving at a healthy target: a target that gets "
          "nothing during the freeze shows it there, since frames that "
          "never arrive have no lag. The last column is the same "
          "measure on the input at the ingest (before / during), the "
          "publisher's own jitter.\n")
        w(lag + "\n")
    return L
