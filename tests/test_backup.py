"""make backup / make restore: a backup restored into an emptied database gives back the same data."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent

CHECKSUM = """
import hashlib, django
django.setup()
from django.apps import apps
digest = hashlib.sha256()
for model in sorted(apps.get_models(), key=lambda m: m._meta.label):
    for row in model.objects.order_by("pk").values_list():
        digest.update(repr(row).encode())
print(digest.hexdigest())
"""


def run(args, database_url):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SECRET_KEY="backup-test", DJANGO_ENV_FILE="/nonexistent/.env", DATABASE_URL=database_url
    )
    result = subprocess.run(
        [sys.executable, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout.strip()


def round_trip(database_url, backup_file):
    """Fill a database, back it up, empty it, restore it; return the checksums before and after."""
    run(["manage.py", "migrate", "--no-input", "-v", "0"], database_url)
    run(["manage.py", "seed_demo", "--force"], database_url)
    before = run(["-c", CHECKSUM], database_url)
    run(["scripts/dbbackup.py", "backup", "--to", str(backup_file)], database_url)
    run(["manage.py", "flush", "--no-input"], database_url)
    emptied = run(["-c", CHECKSUM], database_url)
    run(["scripts/dbbackup.py", "restore", str(backup_file)], database_url)
    return before, emptied, run(["-c", CHECKSUM], database_url)


def test_sqlite_backup_restores_the_same_data(tmp_path):
    before, emptied, after = round_trip(f"sqlite:///{tmp_path / 'live.sqlite3'}", tmp_path / "copy.sqlite3")
    assert emptied != before
    assert after == before


@pytest.mark.postgres
def test_postgres_backup_restores_the_same_data(tmp_path, settings):
    import psycopg

    main = settings.DATABASES["default"]
    name = f"kz_backup_{uuid.uuid4().hex[:8]}"
    admin_url = f"postgres://{main['USER']}@{main['HOST']}:{main['PORT']}/postgres"
    with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        url = f"postgres://{main['USER']}@{main['HOST']}:{main['PORT']}/{name}"
        before, emptied, after = round_trip(url, tmp_path / "copy.dump")
        assert emptied != before
        assert after == before
    finally:
        with psycopg.connect(admin_url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
