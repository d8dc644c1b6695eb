"""How fast this machine is right now: a fixed workload timed before and after the measurements.

Every session runs on a different 2-core machine, and the same code measured 2.2 ms for the floor on
one and 8.9 ms on another. The ratios to the floor compare across machines; the absolute targets
(overview ms, CSV seconds, HTTP requests/s) do not. These two figures, printed with the report and kept
in latest.json, say how fast the machine was, so that two runs' absolute figures can be read side by
side. A drift between the figure before and the one after says the machine changed speed mid-run.
"""

import time
from decimal import Decimal
from statistics import median

from django.db import connection

ROUNDS = 5


def python_workload():
    """Pure Python of the kind the pages run: Decimal arithmetic, dicts, tuples, f-strings."""
    points, total, cells = Decimal("12.5"), Decimal(0), {}
    for i in range(20_000):
        score = Decimal(i % 97) / 97
        total += points * score
        cells[i % 500] = (i, score, f"<td>{i}</td>")
    return total, len(cells)


def best_ms(call, rounds=ROUNDS):
    timings = []
    for _ in range(rounds):
        started = time.perf_counter()
        call()
        timings.append((time.perf_counter() - started) * 1000)
    return round(min(timings), 2)


def database_round_trip_ms(samples=200):
    """Median of `SELECT 1` on the benchmark's database connection, in ms."""
    timings = []
    with connection.cursor() as cursor:
        for _ in range(samples):
            started = time.perf_counter()
            cursor.execute("SELECT 1")
            cursor.fetchone()
            timings.append((time.perf_counter() - started) * 1000)
    return round(median(timings), 3)


def machine_speed():
    """{python_workload_ms: best of 5, db_round_trip_ms: median of 200}; smaller is faster."""
    return {"python_workload_ms": best_ms(python_workload), "db_round_trip_ms": database_round_trip_ms()}
