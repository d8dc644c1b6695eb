"""The report: a table on stdout and bench/results/latest.json with every figure and its target."""

import json
import os
import platform
import subprocess
from datetime import UTC, datetime
from pathlib import Path

from .measure import print_table

TARGETS = {
    "max_queries_per_page": 12,
    "queries_same_at_50_and_500_students": "tests/perf/test_query_counts.py",
    "student_pages_max_ratio": 3,
    "autosaves_max_ratio": 2,
    "quiz_submit_max_ratio": 4,
    "gradebook_page_max_ratio": 10,
    "class_overview_500_max_p50_ms": 70,
    "csv_export_max_ms": 2000,
    "csv_export_max_memory_growth_mb": 50,
    "regrade_10000_attempts_max_ms": 10_000,
    "http_dashboard_min_requests_per_s": 400,
    "http_dashboard_max_p95_ms": 50,
    "http_max_errors": 0,
    "http_worker_max_rss_mb": 150,
}


def machine():
    info = {"nproc": os.cpu_count(), "python": platform.python_version()}
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                info["memory_gb"] = round(int(line.split()[1]) / 2**20, 1)
        info["load_average"] = [round(x, 2) for x in os.getloadavg()]
    except OSError:
        pass
    return info


def git_commit():
    try:
        return subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=True
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def write(world, measurements, http_results, *, database_url, output, total_seconds, machine_speed=None):
    floor = next(m for m in measurements if m.key == "floor")
    for m in measurements:
        m.judge(floor.p50_ms)
        floor_cpu = m.floor_cpu_p50_ms or floor.cpu_p50_ms  # the floor alongside, when measured
        if m.cpu_p50_ms and floor_cpu:
            m.cpu_ratio = round(m.cpu_p50_ms / floor_cpu, 2)
    for h in http_results:
        h.judge()
    document = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "commit": git_commit(),
        "scale": world.scale,
        "database": database_url.split("@")[-1] if "@" in database_url else database_url,
        "machine": machine(),
        # bench.calibrate: a fixed workload before and after the measurements (smaller is faster).
        "machine_speed": machine_speed or {},
        "build_seconds": world.seconds,
        "total_seconds": total_seconds,
        "data": world.counts,
        "floor_p50_ms": floor.p50_ms,
        "targets": TARGETS,
        "measurements": {m.key: m.as_dict() for m in measurements},
        "http": {h.key: h.as_dict() for h in http_results},
        "missed": [m.key for m in measurements if m.met is False]
        + [h.key for h in http_results if h.met is False],
    }
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(document, indent=2, ensure_ascii=False, default=str) + "\n")
    document["_measurements"] = measurements
    document["_http"] = http_results
    return document


def print_report(document, stream):
    stream.write(
        f"\nScale {document['scale']}: {document['data'].get('students')} students, built in "
        f"{document['build_seconds']} s; {document['database']}; machine {document['machine']}\n"
    )
    if speed := document.get("machine_speed"):
        stream.write(
            "machine speed (bench/calibrate.py; smaller is faster): "
            + "; ".join(
                f"{when}: Python workload {figures['python_workload_ms']} ms, "
                f"database round trip {figures['db_round_trip_ms']} ms"
                for when, figures in speed.items()
            )
            + "\n"
        )
    print_table(document["_measurements"], document["floor_p50_ms"], stream)
    if document["_http"]:
        stream.write(
            f"\n{'over HTTP (gunicorn, 2 sync workers)':<46} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} "
            f"{'errors':>7} {'RSS MB':>7} {'met':>4}  target\n"
        )
        stream.write("-" * 110 + "\n")
        for h in document["_http"]:
            met = {True: "yes", False: "NO", None: ""}[h.met]
            stream.write(
                f"{h.name:<46} {h.requests_per_s:>8.1f} {h.p50_ms:>8.2f} {h.p95_ms:>8.2f} {h.errors:>7} "
                f"{h.worker_rss_mb:>7.1f} {met:>4}  {h.target}\n"
            )
    missed = document["missed"]
    stream.write(f"\nTargets missed: {', '.join(missed) if missed else 'none'}\n")
