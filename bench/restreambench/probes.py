"""Players that watch a stream (bench/tools/probe.c) and the timing drawn
from them: lines read as they arrive, frame arrival lag, transit between
two players."""
import os
import queue
import subprocess
import threading
import time

from .config import CACHE
from .procs import start


def reader(stream, q):
    """Lines of stream into q as (monotonic time, line)."""
    for line in stream:
        q.put((time.monotonic(), line))
    q.put((time.monotonic(), None))


def read_lines(stream):
    """A queue that a daemon thread fills with reader(stream, ...)."""
    q = queue.Queue()
    threading.Thread(target=reader, args=(stream, q), daemon=True).start()
    return q


def drain(q):
    while not q.empty():
        q.get()


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
