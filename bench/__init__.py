"""Benchmarks: they print figures and ratios; they never pass or fail on time."""
