"""The bench harness behind bench/bench.py and bench/report.py (see
bench/README.md): processes and ports, the servers and peers, the
measurements, one module per scenario, and the report."""
