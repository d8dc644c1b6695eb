"""What persistent database connections buy: the same page with CONN_MAX_AGE=0 and with 60.

Starts gunicorn (one sync worker) on PostgreSQL twice, asks a database page N times in a row, and
prints p50/p95 and the ratio. Usage: python -m bench.connections [--requests 400] [--path /healthz]
"""

import argparse
import http.client
import os
import socket
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/kzcourse_bench"


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(port, extra_env):
    env = {
        **os.environ,
        "DJANGO_SECRET_KEY": "bench-only",
        "DJANGO_ENV_FILE": "/nonexistent/.env",
        "DJANGO_HTTPS": "false",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_LOG_LEVEL": "WARNING",
        **extra_env,
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kzcourse.wsgi", "--workers", "1", "--bind", f"127.0.0.1:{port}"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.1)
        yield
    finally:
        process.terminate()
        process.wait(timeout=10)


def sample(port, path, requests):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    timings = []
    for _ in range(requests):
        started = time.perf_counter()
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        timings.append((time.perf_counter() - started) * 1000)
        assert response.status == 200, response.status
    connection.close()
    return timings[len(timings) // 10 :]  # the first tenth warms up


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=400)
    parser.add_argument("--path", default="/healthz")
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", DEFAULT_DATABASE_URL))
    args = parser.parse_args()
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SECRET_KEY": "bench-only", "DATABASE_URL": args.database_url},
        check=True,
    )
    results = {}
    for max_age in ("0", "60"):
        port = free_port()
        with gunicorn(port, {"DATABASE_URL": args.database_url, "DJANGO_CONN_MAX_AGE": max_age}):
            timings = sample(port, args.path, args.requests)
        results[max_age] = (statistics.median(timings), statistics.quantiles(timings, n=20)[18])
    print(f"{'CONN_MAX_AGE':>12} {'p50 ms':>8} {'p95 ms':>8}")
    for max_age, (p50, p95) in results.items():
        print(f"{max_age:>12} {p50:8.2f} {p95:8.2f}")
    saving = 1 - results["60"][0] / results["0"][0]
    print(f"persistent connections: p50 {saving:.0%} lower on {args.path} ({args.requests} requests)")


if __name__ == "__main__":
    main()
