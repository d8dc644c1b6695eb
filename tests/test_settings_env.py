"""Settings come from the environment, and production refuses to start without a secret."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "kzcourse.settings",
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a-long-random-production-key-" + "x7Qp2Lm9Rt4Wz8Yb3Nc6Vd1Hg5Jk0" * 2,
    "DJANGO_ALLOWED_HOSTS": "course.example.edu",
    "DATABASE_URL": "sqlite:////tmp/kzcourse-deploy-check.sqlite3",
    # Never read this checkout's development .env: these tests are about the environment alone.
    "DJANGO_ENV_FILE": "/nonexistent/.env",
}


def run_django(code, env_overrides, tmp_path):
    """Run Python with a clean environment (no .env is read from tmp_path), return the process."""
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    env.pop("REDIS_URL", None)
    env.update(env_overrides)
    env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-c", code], env=env, cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def settings_value(name, env_overrides, tmp_path):
    code = f"import django; django.setup(); from django.conf import settings; print(repr(settings.{name}))"
    result = run_django(code, env_overrides, tmp_path)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_missing_secret_key_in_production_fails_with_a_clear_message(tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_SECRET_KEY"}
    result = run_django("import django; django.setup()", env, tmp_path)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY is not set" in result.stderr


def test_debug_is_off_by_default(tmp_path):
    env = {key: value for key, value in PRODUCTION_ENV.items() if key != "DJANGO_DEBUG"}
    assert settings_value("DEBUG", env, tmp_path) == "False"


def test_database_url_selects_postgres(tmp_path):
    env = {**PRODUCTION_ENV, "DATABASE_URL": "postgres://someone@db.internal:5433/kz"}
    engine = settings_value('DATABASES["default"]["ENGINE"]', env, tmp_path)
    assert engine == "'django.db.backends.postgresql'"


def test_redis_url_turns_on_redis_cache_and_cached_db_sessions(tmp_path):
    env = {**PRODUCTION_ENV, "REDIS_URL": "redis://127.0.0.1:6379/3"}
    assert settings_value('CACHES["default"]["BACKEND"]', env, tmp_path) == "'django_redis.cache.RedisCache'"
    assert settings_value("SESSION_ENGINE", env, tmp_path) == "'django.contrib.sessions.backends.cached_db'"


def test_persistent_connections_with_health_checks(tmp_path):
    assert settings_value('DATABASES["default"]["CONN_MAX_AGE"]', PRODUCTION_ENV, tmp_path) == "60"
    assert settings_value('DATABASES["default"]["CONN_HEALTH_CHECKS"]', PRODUCTION_ENV, tmp_path) == "True"


def test_time_zone_is_almaty_with_utc_storage(tmp_path):
    assert settings_value("TIME_ZONE", PRODUCTION_ENV, tmp_path) == "'Asia/Almaty'"
    assert settings_value("USE_TZ", PRODUCTION_ENV, tmp_path) == "True"


def test_check_deploy_is_clean_with_production_values(tmp_path):
    result = subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "WARNING"],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))},
            **PRODUCTION_ENV,
        },
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_behind_a_proxy_login_throttling_reads_the_client_address(tmp_path):
    env = {**PRODUCTION_ENV, "DJANGO_PROXY_COUNT": "1"}
    assert settings_value("AXES_IPWARE_PROXY_COUNT", env, tmp_path) == "1"
    assert (
        settings_value("AXES_IPWARE_META_PRECEDENCE_ORDER", env, tmp_path)
        == "['HTTP_X_FORWARDED_FOR', 'REMOTE_ADDR']"
    )
