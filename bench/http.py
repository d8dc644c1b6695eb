"""Over HTTP: gunicorn (2 sync workers, persistent connections) on PostgreSQL with Redis, under wrk.

10 connections for 10 s against the student dashboard and the essay autosave, rotating over 50
students of one class (each request with its own student's session). wrk comes from Debian
(`apt-get install wrk`, tried once if it is missing); without it a Python load generator with threads
does the same. Reports requests/s, p50, p95, errors and the workers' memory after the run.
"""

import http.client
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from dataclasses import asdict, dataclass, field
from pathlib import Path

from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils.crypto import get_random_string

from assessments.models import Essay

ROOT = Path(__file__).resolve().parent.parent
CONNECTIONS = 10
USERS = 50


@dataclass
class HttpResult:
    key: str
    name: str
    requests: int
    seconds: float
    requests_per_s: float
    p50_ms: float
    p95_ms: float
    errors: int
    worker_rss_mb: float
    tool: str
    target: str = ""
    targets: dict = field(default_factory=dict)
    met: bool | None = None

    def as_dict(self):
        return asdict(self)

    def judge(self):
        t = self.targets
        checks = []
        if "min_requests_per_s" in t:
            checks.append(self.requests_per_s >= t["min_requests_per_s"])
        if "max_p95_ms" in t:
            checks.append(self.p95_ms <= t["max_p95_ms"])
        if "max_errors" in t:
            checks.append(self.errors <= t["max_errors"])
        if "max_worker_rss_mb" in t:
            checks.append(self.worker_rss_mb <= t["max_worker_rss_mb"])
        self.met = all(checks) if checks else None
        return self


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def find_wrk():
    path = shutil.which("wrk")
    if path:
        return path
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print("  wrk is missing: installing the Debian package …")
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], env=env, capture_output=True, check=False)
    return shutil.which("wrk")


class Gunicorn:
    def __init__(self, env):
        self.port = free_port()
        self.env = env
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "kzcourse.wsgi",
                "--workers",
                "2",
                "--worker-class",
                "sync",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--timeout",
                "60",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
                connection.request("GET", "/healthz")
                if connection.getresponse().status == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("gunicorn did not start")
        return self

    def __exit__(self, *exc):
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()

    def worker_rss_mb(self):
        """The largest resident memory of the master's worker processes, in MB."""
        sizes = []
        for stat in Path("/proc").glob("[0-9]*/stat"):
            try:
                fields = stat.read_text().rsplit(")", 1)[1].split()
                if int(fields[1]) != self.process.pid:
                    continue
                for line in (stat.parent / "status").read_text().splitlines():
                    if line.startswith("VmRSS:"):
                        sizes.append(int(line.split()[1]) / 1024)
            except (OSError, IndexError, ValueError):
                continue
        return round(max(sizes), 1) if sizes else 0.0


@dataclass
class Plan:
    """What each request sends: method, path, cookie, body (a {n} in the body becomes a counter)."""

    method: str
    requests: list  # [(path, cookie header, body template or "")]


LUA = """
local plan = %(plan)s
local method = "%(method)s"
local counter = 1000
request = function()
  counter = counter + 1
  local row = plan[(counter %% #plan) + 1]
  local headers = {["Cookie"] = row[2], ["X-CSRFToken"] = "%(token)s"}
  local body = nil
  if method == "POST" then
    headers["Content-Type"] = "application/x-www-form-urlencoded"
    body = string.gsub(row[3], "{n}", tostring(counter))
  end
  return wrk.format(method, row[1], headers, body)
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %%d %%d %%d %%d %%d\\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    e.connect + e.read + e.write + e.status + e.timeout))
end
"""


def lua_string(value):
    return json.dumps(value)  # a JSON string is a valid Lua string literal for this ASCII content


def run_wrk(wrk, port, plan, token, seconds):
    rows = ", ".join(
        "{" + ", ".join(lua_string(part) for part in (path, cookie, body)) + "}"
        for path, cookie, body in plan.requests
    )
    script = LUA % {"plan": "{" + rows + "}", "method": plan.method, "token": token}
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(script)
    try:
        output = subprocess.run(
            [
                wrk,
                "-t1",
                f"-c{CONNECTIONS}",
                f"-d{seconds}s",
                "--timeout",
                "10s",
                "-s",
                handle.name,
                f"http://127.0.0.1:{port}",
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    finally:
        os.unlink(handle.name)
    line = next(line for line in output.splitlines() if line.startswith("RESULT "))
    keys = ("requests", "duration_us", "p50_us", "p95_us", "errors")
    data = dict(zip(keys, map(int, line.split()[1:]), strict=True))
    duration = data["duration_us"] / 1e6
    return {
        "requests": data["requests"],
        "seconds": round(duration, 2),
        "requests_per_s": round(data["requests"] / duration, 1),
        "p50_ms": round(data["p50_us"] / 1000, 2),
        "p95_ms": round(data["p95_us"] / 1000, 2),
        "errors": data["errors"],
    }


def run_threads(port, plan, token, seconds):
    """The same load without wrk: CONNECTIONS threads, each with one persistent connection."""
    stop = time.monotonic() + seconds
    timings, errors, lock = [], [0], threading.Lock()
    counter = iter(range(1001, 10**9))

    def worker():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop:
            with lock:
                n = next(counter)
            path, cookie, body = plan.requests[n % len(plan.requests)]
            headers = {"Cookie": cookie, "X-CSRFToken": token}
            payload = None
            if plan.method == "POST":
                headers["Content-Type"] = "application/x-www-form-urlencoded"
                payload = body.replace("{n}", str(n)).encode()
            started = time.perf_counter()
            try:
                connection.request(plan.method, path, body=payload, headers=headers)
                response = connection.getresponse()
                response.read()
                ok = response.status < 400
            except OSError:
                ok = False
                connection.close()
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                timings.append(elapsed)
                errors[0] += 0 if ok else 1

    started = time.monotonic()
    threads = [threading.Thread(target=worker) for _ in range(CONNECTIONS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    duration = time.monotonic() - started
    timings.sort()
    return {
        "requests": len(timings),
        "seconds": round(duration, 2),
        "requests_per_s": round(len(timings) / duration, 1),
        "p50_ms": round(statistics.median(timings), 2) if timings else 0.0,
        "p95_ms": round(timings[int(0.95 * (len(timings) - 1))], 2) if timings else 0.0,
        "errors": errors[0],
    }


def sessions(users, token):
    """A Cookie header per user: a real session (in the database and Redis) and the CSRF cookie."""
    headers = []
    for user in users:
        client = Client()
        client.force_login(user)
        headers.append(
            f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}; "
            f"{settings.CSRF_COOKIE_NAME}={token}"
        )
    return headers


def run_all(world, *, database_url, redis_url, seconds=None, log=print):
    seconds = seconds or (3 if world.scale == "small" else 10)
    token = get_random_string(32)
    typical = world.typical
    students = typical.students[1 : USERS + 1]
    dashboard = Plan(
        "GET", [(reverse("classroom:dashboard"), cookie, "") for cookie in sessions(students, token)]
    )
    essay = typical.open_essay
    drafting = list(
        Essay.objects.filter(assignment=essay, state=Essay.State.DRAFT)
        .exclude(student=typical.bench_student)
        .select_related("student")[:USERS]
    )
    path = reverse("assessments:essays:autosave", args=[essay.pk])
    text = urllib.parse.quote_plus(drafting[0].text)
    autosave = Plan(
        "POST",
        [
            (path, cookie, f"text={text}+{{n}}&revision={{n}}")
            for cookie in sessions([e.student for e in drafting], token)
        ],
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DJANGO_CONN_MAX_AGE": "60",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
    }
    wrk = find_wrk()
    tool = "wrk" if wrk else "python threads"
    log(f"Over HTTP ({tool}, {CONNECTIONS} connections, {seconds} s each, gunicorn 2 sync workers):")
    results = []
    with Gunicorn(env) as server:
        for key, name, plan, targets, target in (
            (
                "http_dashboard",
                "student dashboard",
                dashboard,
                {"min_requests_per_s": 400, "max_p95_ms": 50, "max_errors": 0, "max_worker_rss_mb": 150},
                "≥ 400/s, p95 ≤ 50 ms, 0 errors, ≤ 150 MB",
            ),
            (
                "http_autosave",
                "essay autosave",
                autosave,
                {"max_errors": 0, "max_worker_rss_mb": 150},
                "0 errors, ≤ 150 MB",
            ),
        ):
            load = (
                (lambda s, p=plan: run_wrk(wrk, server.port, p, token, s))
                if wrk
                else (lambda s, p=plan: run_threads(server.port, p, token, s))
            )
            load(2)  # warm: imports, connections, caches in both workers
            figures = load(seconds)
            result = HttpResult(
                key=key,
                name=name,
                worker_rss_mb=server.worker_rss_mb(),
                tool=tool,
                target=target,
                targets=targets,
                **figures,
            ).judge()
            log(
                f"  {name:<44} {result.requests_per_s:8.1f}/s  p50 {result.p50_ms} ms  "
                f"p95 {result.p95_ms} ms  errors {result.errors}  worker RSS {result.worker_rss_mb} MB"
            )
            results.append(result)
    return results
