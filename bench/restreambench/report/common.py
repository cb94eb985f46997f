"""Reading one run's results and what every table, plot and sentence of
the report shares: the peers' names, colours and order, the best peer at
an N, number formats."""
import csv
import os

NAMES = {
    "nginx-push": "nginx-rtmp `push`",
    "ffmpeg-tee": "ffmpeg tee muxer",
    "gst-tee-queue": "GStreamer `tee ! queue`",
    "restreamtee-batch0": "restreamtee, batch-time 0",
    "restreamtee": "restreamtee (gst-launch)",
    "restreamtee-push": "restreamtee ! rtmppushsink (gst-launch)",
    "restream-launch": "restream-launch",
}
COLORS = {
    "nginx-push": "#555555", "ffmpeg-tee": "#009e73",
    "gst-tee-queue": "#0072b2", "restreamtee": "#d55e00",
    "restreamtee-batch0": "#e69f00", "restream-launch": "#cc79a7",
    "restreamtee-push": "#56b4e9",
}
OURS = ("restreamtee", "restream-launch", "restreamtee-batch0",
        "restreamtee-push")
ORDER = list(NAMES)


def read(res, name):
    path = os.path.join(res, name)
    if not os.path.exists(path):
        return []
    with open(path) as f:
        return list(csv.DictReader(f))


def num(row, key):
    try:
        return float(row[key])
    except (KeyError, ValueError, TypeError):
        return None


def peers_of(rows):
    seen = {r["peer"] for r in rows}
    return [p for p in ORDER if p in seen]


def ns_of(rows):
    return sorted({int(r["n"]) for r in rows})


def cell(rows, peer, n):
    for r in rows:
        if r["peer"] == peer and int(r["n"]) == n:
            return r
    return None


def complete(r):
    return r is not None and int(r["targets_ok"]) == int(r["n"]) \
        and not r.get("exited_early")


def best(rows, n, key, lower=True):
    """Best value of key at n among peers that delivered the whole stream to
    every target (all peers if none did)."""
    cand = [r for r in rows if int(r["n"]) == n and complete(r)] or \
        [r for r in rows if int(r["n"]) == n]
    vals = [num(r, key) for r in cand if num(r, key) is not None]
    if not vals:
        return None
    return min(vals) if lower else max(vals)


def fmt(v, digits=2):
    if v is None:
        return "–"
    if abs(v) >= 100:
        return "%.0f" % v
    if abs(v) >= 10:
        return "%.1f" % v
    return ("%%.%df" % digits) % v


def ms(row, key):
    v = num(row, key)
    return "%.0f" % v if v is not None else "–"


def label(peer, name=None):
    """The peer's name in a table, in bold for gst-restream's own."""
    name = name or NAMES.get(peer, peer)
    return "**%s**" % name if peer in OURS else name


def in_order(rows):
    """rows sorted by their peer's place in ORDER."""
    return sorted(rows, key=lambda r: ORDER.index(r["peer"]))
