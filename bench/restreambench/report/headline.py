"""The report's summary: a few sentences, all numbers from the results."""
from .common import NAMES, best, cell, complete, in_order, ms, ns_of, num, \
    peers_of


def fanout_line(tag, n, rows):
    """CPU of every peer at N, against the best that served every target."""
    b = best(rows, n, "cpu_pct")
    bp = [r["peer"] for r in rows if int(r["n"]) == n and complete(r)
          and num(r, "cpu_pct") == b]
    parts = []
    for p in peers_of(rows):
        r = cell(rows, p, n)
        if r is None:
            continue
        parts.append("%s %.1f %% (%.2f×)%s" % (
            NAMES.get(p, p), num(r, "cpu_pct"),
            num(r, "cpu_pct") / b if b else 0,
            "" if complete(r) else ", not every target got the "
            "whole stream (least-served %.2f)" % num(r, "min_ratio")))
    return ("- **%s, N = %d** (CPU, %% of one core; × the best peer "
            "that served every target, %s): %s." % (
                tag, n, NAMES.get(bp[0], bp[0]) if bp else "none",
                "; ".join(parts)))


def latency_lines(lat):
    n = ns_of(lat)[-1]
    r = {x["peer"]: x for x in lat if int(x["n"]) == n}
    if "restreamtee" not in r or "gst-tee-queue" not in r:
        return []
    return ["- **Added latency, N = %d**: restreamtee with "
            "batch-time 50 ms median %.1f ms, p99 %.1f ms; "
            "`tee ! queue` median %.2f ms, p99 %.2f ms%s." % (
                n, num(r["restreamtee"], "median_ms"),
                num(r["restreamtee"], "p99_ms"),
                num(r["gst-tee-queue"], "median_ms"),
                num(r["gst-tee-queue"], "p99_ms"),
                "; batch-time 0: median %.2f ms, p99 %.2f ms" % (
                    num(r["restreamtee-batch0"], "median_ms"),
                    num(r["restreamtee-batch0"], "p99_ms"))
                if "restreamtee-batch0" in r else "")]


def e2e_lines(e2e):
    parts = ["%s %s ms" % (NAMES.get(r["peer"], r["peer"]), r["median_ms"])
             for r in in_order(e2e) if num(r, "median_ms") is not None]
    return ["- **Input to target, end to end, N = %s** (median, "
            "ingest player to target player): %s." % (
                e2e[0]["n"], "; ".join(parts))]


def failover_lines(fo):
    cut = [num(r, "cut_to_retrying_s") for r in fo
           if num(r, "cut_to_retrying_s") is not None]
    key = [num(r, "return_to_target_keyframe_s") for r in fo
           if num(r, "return_to_target_keyframe_s") is not None]
    if not cut or not key:
        return []
    return ["- **Failover**: input cut → `retrying` in %.2f–%.2f "
            "s; input back → first keyframe at the target in "
            "%.2f–%.2f s (%d outages)." % (
                min(cut), max(cut), min(key), max(key), len(fo))]


def slow_lines(slow):
    parts = ["%s %.2f" % (NAMES.get(r["peer"], r["peer"]),
                          num(r, "freeze_vs_before") or 0)
             for r in in_order(slow)]
    out = ["- **One frozen target** (healthy targets' delivery "
           "during the freeze ÷ before it, lowest half): %s." %
           "; ".join(parts)]
    parts = ["%s p99 %s → %s ms, longest gap %s → %s ms" % (
        NAMES.get(r["peer"], r["peer"]),
        ms(r, "healthy_lag_before_p99_ms"),
        ms(r, "healthy_lag_freeze_p99_ms"),
        ms(r, "healthy_max_gap_before_ms"),
        ms(r, "healthy_max_gap_freeze_ms"))
        for r in in_order(slow)
        if num(r, "healthy_max_gap_freeze_ms") is not None]
    if parts:
        out.append("- **Healthy targets' latency, one target frozen** "
                   "(arrival lag of every video frame, worst healthy "
                   "target, before → during the freeze): %s." %
                   "; ".join(parts))
    return out


def headline(rtmp, srt, lat, fo, slow, e2e=()):
    """A few sentences, all numbers from the results."""
    out = []
    for tag, rows in (("RTMP", rtmp), ("SRT", srt)):
        if not rows:
            continue
        # N = 32 and up, where the cost of fanning out shows, or else the
        # largest N measured.
        ns = [x for x in ns_of(rows) if x >= 32] or ns_of(rows)[-1:]
        out += [fanout_line(tag, n, rows) for n in ns]
    for rows, lines in ((lat, latency_lines), (e2e, e2e_lines),
                        (fo, failover_lines), (slow, slow_lines)):
        if rows:
            out += lines(rows)
    return "\n".join(out)
