"""The summary report.py prints: one line per measured run."""
from .common import best, cell, ms, ns_of, num, peers_of


def fanout_summary(tag, rows):
    out = ["%s fan-out: CPU %% of one core / RSS MB per target / "
           "least-served target (× best peer)" % tag]
    for n in ns_of(rows):
        bc = best(rows, n, "cpu_pct")
        br = best(rows, n, "rss_per_target_mb")
        for p in peers_of(rows):
            r = cell(rows, p, n)
            if r is None:
                continue
            out.append("  N=%-3d %-26s cpu %6.2f %% (%5.2f×)  "
                       "rss/target %6.2f MB (%5.2f×)  min %.3f  ok %s/%d%s"
                       % (n, p, num(r, "cpu_pct"),
                          num(r, "cpu_pct") / bc if bc else 0,
                          num(r, "rss_per_target_mb"),
                          num(r, "rss_per_target_mb") / br if br else 0,
                          num(r, "min_ratio"), r["targets_ok"], n,
                          "  " + r["exited_early"]
                          if r.get("exited_early") else ""))
    return out


def summary(rtmp, srt, lat, fo, slow, e2e=()):
    out = []
    for tag, rows in (("RTMP", rtmp), ("SRT", srt)):
        if rows:
            out += fanout_summary(tag, rows)
    if lat:
        out.append("Added latency (fan-out sink pad -> target sink pad)")
        for r in lat:
            out.append("  N=%-3s %-20s median %8.3f ms  p99 %8.3f ms  "
                       "max %8.3f ms" % (r["n"], r["peer"],
                                         num(r, "median_ms"),
                                         num(r, "p99_ms"), num(r, "max_ms")))
    if e2e:
        out.append("Input to target, end to end (ingest player -> target "
                   "player)")
        for r in e2e:
            out.append("  N=%-3s %-20s median %s ms  p99 %s ms  max %s ms  "
                       "(%s of %s frames matched)" % (
                           r["n"], r["peer"], r["median_ms"], r["p99_ms"],
                           r["max_ms"], r["matched"], r["frames"]))
    if fo:
        out.append("Failover")
        for r in fo:
            out.append("  outage %s s: cut->retrying %s s, return->active %s "
                       "s, return->target keyframe %s s" % (
                           r["outage_s"], r["cut_to_retrying_s"],
                           r["return_to_active_s"],
                           r["return_to_target_keyframe_s"]))
    if slow:
        out.append("Slow target (lowest healthy target's delivery)")
        for r in slow:
            out.append("  %-18s before %s  freeze 1st half %s  2nd half %s  "
                       "freeze/before %s" % (
                           r["peer"], r["healthy_ratio_before"],
                           r["healthy_ratio_freeze_first_half"],
                           r["healthy_ratio_freeze_second_half"],
                           r["freeze_vs_before"]))
            if num(r, "healthy_max_gap_freeze_ms") is not None:
                out.append("  %-18s lag p99 %s -> %s ms, longest gap %s -> "
                           "%s ms (input's own lag p99 %s / %s ms)" % (
                               "", ms(r, "healthy_lag_before_p99_ms"),
                               ms(r, "healthy_lag_freeze_p99_ms"),
                               ms(r, "healthy_max_gap_before_ms"),
                               ms(r, "healthy_max_gap_freeze_ms"),
                               ms(r, "input_lag_before_p99_ms"),
                               ms(r, "input_lag_freeze_p99_ms")))
    return "\n".join(out)


