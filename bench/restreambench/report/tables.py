"""The Markdown tables of the report, one function per table."""
from .common import (NAMES, best, cell, complete, fmt, in_order, label, ms,
                     ns_of, num, peers_of)


def peer_grid(rows, text):
    """A table with a row per peer and a column per N; text(r, n) writes
    the cell of the measured run r ("–" where there is none)."""
    ns = ns_of(rows)
    out = ["| peer | " + " | ".join("N = %d" % n for n in ns) + " |",
           "|---|" + "---|" * len(ns)]
    for p in peers_of(rows):
        cells = [text(r, n) if r is not None else "–"
                 for r, n in ((cell(rows, p, n), n) for n in ns)]
        out.append("| %s | %s |" % (label(p), " | ".join(cells)))
    return "\n".join(out)


def ratio_table(rows, key, unit, lower=True, digits=2):
    def text(r, n):
        v = num(r, key)
        if v is None:
            return "–"
        b = best(rows, n, key, lower)
        s = "%s%s" % (fmt(v, digits), unit)
        if b:
            s += " (%.2f×)" % (v / b)
        if key == "cpu_pct" and int(r.get("runs") or 1) > 1:
            s += " [%s–%s, %s runs]" % (fmt(num(r, "cpu_pct_min")),
                                       fmt(num(r, "cpu_pct_max")),
                                       r["runs"])
        if not complete(r):
            s += " ¹"
        return s
    return peer_grid(rows, text)


def slope_table(rows, key, unit, digits=3):
    """Cost of one more target: (value at the largest N - value at N = 1)
    / (N - 1), per peer."""
    ns = ns_of(rows)
    if len(ns) < 2:
        return ""
    lo, hi = ns[0], ns[-1]
    vals = {}
    for p in peers_of(rows):
        a, b = cell(rows, p, lo), cell(rows, p, hi)
        if a and b and num(a, key) is not None and num(b, key) is not None:
            vals[p] = (num(b, key) - num(a, key)) / (hi - lo)
    ok = [v for p, v in vals.items() if complete(cell(rows, p, hi)) and v > 0]
    b = min(ok) if ok else None
    out = ["| peer | per added target, N = %d → %d |" % (lo, hi), "|---|---|"]
    for p, v in vals.items():
        s = "%s%s" % (fmt(v, digits), unit)
        if b:
            s += " (%.2f×)" % (v / b)
        if not complete(cell(rows, p, hi)):
            s += " ¹"
        out.append("| %s | %s |" % (label(p), s))
    return "\n".join(out)


def delivery_table(rows):
    def text(r, n):
        b = best(rows, n, "min_ratio", lower=False)
        s = "%.3f / %.3f, %s/%d ok" % (num(r, "min_ratio"),
                                       num(r, "median_ratio"),
                                       r["targets_ok"], n)
        if b:
            s += " (%.2f×)" % (num(r, "min_ratio") / b)
        if r.get("exited_early"):
            s += " ² " + r["exited_early"]
        return s
    return peer_grid(rows, text)


def latency_table(rows):
    out = ["| N | peer | buffers | median | p90 | p99 | max |",
           "|---|---|---|---|---|---|---|"]
    for n in ns_of(rows):
        group = [r for r in rows if int(r["n"]) == n]
        bm = min(num(r, "median_ms") for r in group)
        b99 = min(num(r, "p99_ms") for r in group)
        for p in peers_of(group):
            r = cell(group, p, n)
            name = label(p, "restreamtee, batch-time 50 ms"
                         if p == "restreamtee" else None)
            out.append("| %d | %s | %s | %s ms (%.1f×) | %s ms | %s ms (%.1f×)"
                       " | %s ms |" % (
                           n, name,
                           r["samples"], fmt(num(r, "median_ms"), 3),
                           num(r, "median_ms") / bm,
                           fmt(num(r, "p90_ms"), 3), fmt(num(r, "p99_ms"), 3),
                           num(r, "p99_ms") / b99, fmt(num(r, "max_ms"), 3)))
    return "\n".join(out)


def e2e_table(rows):
    ok = [r for r in rows if num(r, "median_ms") is not None]
    bm = min([num(r, "median_ms") for r in ok] or [0]) or None
    b99 = min([num(r, "p99_ms") for r in ok] or [0]) or None
    out = ["| peer | frames matched | median | p90 | p99 | max |",
           "|---|---|---|---|---|---|"]
    for r in in_order(rows):
        name = NAMES.get(r["peer"], r["peer"])
        if num(r, "median_ms") is None:
            out.append("| %s | 0 of %s | – | – | – | – |" % (name,
                                                            r["frames"]))
            continue
        med, p99 = num(r, "median_ms"), num(r, "p99_ms")
        out.append("| %s | %s of %s | %.1f ms%s | %.1f ms | %.1f ms%s | "
                   "%.1f ms |%s" % (
                       label(r["peer"]),
                       r["matched"], r["frames"], med,
                       " (+%.1f)" % (med - bm) if bm is not None else "",
                       num(r, "p90_ms"), p99,
                       " (+%.1f)" % (p99 - b99) if b99 is not None else "",
                       num(r, "max_ms"),
                       " " + r["exited_early"] if r.get("exited_early")
                       else ""))
    return "\n".join(out)


def failover_table(rows):
    out = ["| outage | cut → `retrying` | return → `active` | "
           "return → first keyframe at the target | restreamer alive |",
           "|---|---|---|---|---|"]
    for r in rows:
        def s(k):
            v = num(r, k)
            return "%.2f s" % v if v is not None else "not seen"
        out.append("| %.0f s | %s | %s | %s | %s |" % (
            num(r, "outage_s"), s("cut_to_retrying_s"),
            s("return_to_active_s"), s("return_to_target_keyframe_s"),
            "yes" if r["restreamer_alive"] == "True" else "**no**"))
    return "\n".join(out)


def slate_table(rows):
    """Per run of the slate scenario: CPU live, during the outage, after."""
    out = ["| failoversrc | CPU, input live | CPU, input down | CPU, input "
           "back | return → first keyframe at the target |",
           "|---|---|---|---|---|"]
    for r in rows:
        def pct(k):
            v = num(r, k)
            return "%.2f %%" % v if v is not None else "not measured"
        key = num(r, "return_to_target_keyframe_s")
        out.append("| %s | %s | %s | %s | %s |" % (
            "`slate=true` (slate on air)" if r["peer"] == "slate"
            else "`slate=false` (GAP events)",
            pct("cpu_live_pct"), pct("cpu_outage_pct"), pct("cpu_after_pct"),
            "%.2f s" % key if key is not None else "not seen"))
    return "\n".join(out)


def mux_table(rows):
    """Per muxer and codec: CPU per minute of media, the muxer's share and
    its ratio to flvmux's."""
    flv = {r["codec"]: num(r, "muxer_cpu_s_per_media_min") for r in rows
           if r["peer"] == "flvmux"}
    out = ["| codec | muxer | CPU s per media minute (whole pipeline) | "
           "the muxer's share | ratio to flvmux |",
           "|---|---|---|---|---|"]
    for r in rows:
        share = num(r, "muxer_cpu_s_per_media_min")
        ref = flv.get(r["codec"])
        out.append("| %s | %s | %.2f | %s | %s |" % (
            "H.264" if r["codec"] == "h264" else "HEVC",
            "none (demux and parse only)" if r["peer"] == "none"
            else "`%s`" % r["peer"], num(r, "cpu_s_per_media_min"),
            "%.2f s" % share if share is not None else "—",
            "%.2f" % (share / ref) if share is not None and ref else "—"))
    return "\n".join(out)


def slow_lag_table(rows):
    out = ["| peer | lag median, before → freeze | lag p99, before → freeze "
           "| longest gap, before → freeze | input's own lag p99 |",
           "|---|---|---|---|---|"]
    for r in in_order(rows):
        if num(r, "healthy_max_gap_freeze_ms") is None:
            continue
        out.append("| %s | %s → %s ms | %s → %s ms | %s → **%s** ms | "
                   "%s / %s ms |" % (
                       label(r["peer"]),
                       ms(r, "healthy_lag_before_median_ms"),
                       ms(r, "healthy_lag_freeze_median_ms"),
                       ms(r, "healthy_lag_before_p99_ms"),
                       ms(r, "healthy_lag_freeze_p99_ms"),
                       ms(r, "healthy_max_gap_before_ms"),
                       ms(r, "healthy_max_gap_freeze_ms"),
                       ms(r, "input_lag_before_p99_ms"),
                       ms(r, "input_lag_freeze_p99_ms")))
    return "\n".join(out) if len(out) > 2 else ""


def slow_table(rows):
    out = ["| peer | before the freeze | freeze, first half | "
           "freeze, second half | freeze ÷ before |",
           "|---|---|---|---|---|"]
    for r in in_order(rows):
        out.append("| %s | %.3f | %.3f | %.3f | **%.2f** %s|" % (
            label(r["peer"]),
            num(r, "healthy_ratio_before"),
            num(r, "healthy_ratio_freeze_first_half"),
            num(r, "healthy_ratio_freeze_second_half"),
            num(r, "freeze_vs_before") or 0,
            ("(" + r["exited_early"] + ") ") if r.get("exited_early") else ""))
    return "\n".join(out)


