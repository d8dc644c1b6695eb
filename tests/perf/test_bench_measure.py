"""The benchmark's arithmetic: each page's ratio is to the floor measured alongside it, when there is one.

The timings themselves are not asserted (the suite checks query counts, not seconds); what is checked
is that the floor runs before every sample, and which floor each ratio and each verdict is taken to.
"""

import io

import pytest

from bench import calibrate
from bench.measure import Measurement, measure, print_table


def test_the_floor_runs_before_every_sample_and_is_recorded():
    order = []
    m = measure(
        "page",
        lambda: order.append("page"),
        samples=5,
        warmup=2,
        floor=lambda: order.append("floor"),
    )
    # warm-up and the query-counting call run the page alone; then floor, page, floor, page, …
    assert order[:3] == ["page", "page", "page"]
    assert order[3:] == ["floor", "page"] * 5
    assert m.floor_p50_ms is not None
    assert m.floor_cpu_p50_ms is not None


def test_without_a_floor_nothing_is_recorded_beside():
    m = measure("page", lambda: None, samples=3, warmup=0)
    assert m.floor_p50_ms is None
    assert m.floor_cpu_p50_ms is None


def page(p50, floor_alongside=None, **targets):
    return Measurement(
        name="page",
        p50_ms=p50,
        p95_ms=p50,
        queries=3,
        samples=30,
        targets=targets,
        floor_p50_ms=floor_alongside,
    )


def test_ratio_is_to_the_floor_alongside():
    m = page(20.0, floor_alongside=5.0, max_ratio=10).judge(1.0)  # 20× the run's floor row, 4× alongside
    assert m.ratio == 4.0
    assert m.met is True


def test_ratio_falls_back_to_the_runs_floor():
    m = page(20.0, max_ratio=10).judge(1.0)
    assert m.ratio == 20.0
    assert m.met is False


def test_absolute_targets_ignore_the_floor():
    assert page(80.0, floor_alongside=40.0, max_p50_ms=70).judge(40.0).met is False
    assert page(60.0, floor_alongside=1.0, max_p50_ms=70).judge(1.0).met is True


def test_table_shows_the_floor_alongside_and_the_ratio_to_it():
    out = io.StringIO()
    print_table([page(20.0, floor_alongside=5.0, max_ratio=10)], 1.0, out)
    line = out.getvalue().splitlines()[-1]
    assert line.split()[1:5] == ["20.00", "20.00", "5.00", "4.00"]


@pytest.mark.django_db
def test_machine_speed_reports_both_figures():
    speed = calibrate.machine_speed()
    assert set(speed) == {"python_workload_ms", "db_round_trip_ms"}
    assert speed["python_workload_ms"] > 0
    assert speed["db_round_trip_ms"] > 0
