import fcntl
import os
import subprocess
import sys

import pytest

from .servers import ROOT, AppServer, Browser, free_port, server_env


@pytest.fixture(scope="session")
def collected_static(tmp_path_factory, worker_id):
    """Production serves hashed static files from collectstatic's manifest: collect them once for the run.

    The pytest-xdist workers share one folder (a file lock makes the others wait for the first), and the
    files are not compressed: the tests need the manifest's names, not gzip and Brotli copies.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base if worker_id == "master" else base.parent
    static_root = shared / "collected-static"
    with open(shared / "collected-static.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (static_root / "staticfiles.json").exists():
            env = {
                **os.environ,
                "DJANGO_SETTINGS_MODULE": "kzcourse.settings",
                "DJANGO_ENV_FILE": "/nonexistent/.env",
                "DJANGO_SECRET_KEY": "collect",
                "DJANGO_STATIC_ROOT": str(static_root),
                "DJANGO_STATIC_COMPRESS": "false",
            }
            subprocess.run(
                [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
                cwd=ROOT,
                env=env,
                check=True,
            )
    return static_root


@pytest.fixture
def app_servers(transactional_db, settings, collected_static):
    """Start(n) gunicorn servers sharing this test's PostgreSQL database (and Redis, when configured)."""
    # The servers run production settings, which do not accept the fast test hasher.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.PBKDF2PasswordHasher"]
    started = []

    def start(count=2, workers=1, database_port=None):
        database = dict(settings.DATABASES["default"])
        if database_port:  # through a relay (tests/system/dbproxy.py) instead of straight to PostgreSQL
            database.update(HOST="127.0.0.1", PORT=database_port)
        env = server_env(database, os.environ.get("REDIS_URL", ""))
        env["DJANGO_STATIC_ROOT"] = str(collected_static)
        env["DJANGO_STATIC_COMPRESS"] = "false"
        servers = [AppServer(free_port(), env, workers=workers).start() for _ in range(count)]
        started.extend(servers)
        return servers

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def visitor():
    return Browser()
