"""Offline evaluation harness and metrics (benchmarks and `dtbot eval`; not used at run time)."""
