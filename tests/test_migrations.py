"""The suite builds its tables from the models (--nomigrations, fast); these prove the migrations agree."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def manage(*args, tmp_path):
    env = {key: value for key, value in os.environ.items() if key not in ("DATABASE_URL", "REDIS_URL")}
    env.update(
        DJANGO_SECRET_KEY="migration-test",
        DJANGO_ENV_FILE="/nonexistent/.env",
        DATABASE_URL=f"sqlite:///{tmp_path / 'migrate.sqlite3'}",
    )
    return subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_models_have_no_changes_without_a_migration(tmp_path):
    result = manage("makemigrations", "--check", "--dry-run", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr


def test_migrations_apply_to_an_empty_database(tmp_path):
    result = manage("migrate", "--no-input", tmp_path=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "migrate.sqlite3").stat().st_size > 0
