"""Real app servers for system tests: gunicorn processes on this machine, sharing the test database.

Only on PostgreSQL (the test database must be reachable from other processes) and with Redis when
REDIS_URL is set. Requests go to 127.0.0.1 only.
"""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(db_settings):
    """A DATABASE_URL for the database the test run is using right now (the test database)."""
    user = db_settings.get("USER") or "postgres"
    host = db_settings.get("HOST") or "127.0.0.1"
    port = db_settings.get("PORT") or 5432
    return f"postgres://{user}@{host}:{port}/{db_settings['NAME']}"


@dataclass
class AppServer:
    port: int
    env: dict
    workers: int = 1
    process: subprocess.Popen | None = field(default=None, repr=False)
    log: object = field(default=subprocess.DEVNULL, repr=False)  # where the server's errors go

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=30):
        self.process = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "kzcourse.wsgi",
                "--workers", str(self.workers), "--bind", f"127.0.0.1:{self.port}", "--timeout", "30",
            ],
            cwd=ROOT,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=self.log,
            start_new_session=True,
        )  # fmt: skip
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(f"{self.url}/healthz", timeout=1) as response:
                    if response.status == 200:
                        return self
            except (OSError, urllib.error.URLError):
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn on port {self.port} did not answer /healthz within {timeout}s")

    def kill(self):
        """kill -9 of every process of the server (master and workers), as a crash would."""
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=10)

    def stop(self):
        if self.process and self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.kill()


def server_env(db_settings, redis_url):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kzcourse.settings",
        DJANGO_SECRET_KEY="system-test-shared-secret",
        DJANGO_ENV_FILE="/nonexistent/.env",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_CACHE_PREFIX=f"kzcourse-system-{os.getpid()}",
        DATABASE_URL=database_url(db_settings),
    )
    if redis_url:
        env["REDIS_URL"] = redis_url
    else:
        env.pop("REDIS_URL", None)
    return env


class Browser:
    """A minimal HTTP client with one cookie jar, like one person's browser, for any of the servers."""

    def __init__(self):
        self.cookies = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.cookies), NoRedirect()
        )

    def request(self, method, url, data=None, headers=None):
        body = urllib.parse.urlencode(data).encode() if isinstance(data, dict) else data
        request = urllib.request.Request(url, data=body, method=method, headers=headers or {})
        try:
            with self.opener.open(request, timeout=15) as response:
                return response.status, response.headers, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read().decode()

    def get(self, url, **kwargs):
        return self.request("GET", url, **kwargs)

    def post(self, url, data, **kwargs):
        return self.request("POST", url, data=data, **kwargs)

    def csrf_token(self):
        return next((cookie.value for cookie in self.cookies if cookie.name == "csrftoken"), "")

    def form_token(self, html):
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        assert match, "the page has no CSRF token"
        return match.group(1)

    def log_in(self, server, username, password):
        status, _, html = self.get(f"{server.url}/accounts/login/")
        assert status == 200
        status, headers, _ = self.post(
            f"{server.url}/accounts/login/",
            {"username": username, "password": password, "csrfmiddlewaretoken": self.form_token(html)},
        )
        assert status == 302, f"login failed with {status}"
        return headers["Location"]


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None
