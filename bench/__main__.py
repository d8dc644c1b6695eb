"""`python -m bench [--scale small|default]`: build a synthetic database, measure, print, write JSON.

1. A fresh database: PostgreSQL `kzcourse_bench` on 127.0.0.1 when it answers (dropped and created),
   else a SQLite file under bench/results/; `--database-url` names another (it is emptied first).
2. Migrations, the course (load_course), then the synthetic classes (bench.build).
3. In-process measurements with Django's test client (bench.pages), each a ratio to the floor page.
4. Over HTTP (bench.http): gunicorn with 2 sync workers and wrk, on PostgreSQL with Redis only.
5. The table on stdout and bench/results/latest.json (bench.report).

It never fails on time: targets are reported beside the figures.
"""

import argparse
import os
import socket
import sys
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PG_URL = "postgres://postgres@127.0.0.1:5432/kzcourse_bench"
REDIS_URL = "redis://127.0.0.1:6379/15"


def reachable(host, port):
    try:
        socket.create_connection((host, port), timeout=0.5).close()
        return True
    except OSError:
        return False


def fresh_postgres(url):
    """Drop and create the database the URL names (connecting to the server's `postgres` database)."""
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        password=config["PASSWORD"] or None,
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = sql.Identifier(config["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def choose_database(url):
    if url is None:
        url = PG_URL if reachable("127.0.0.1", 5432) else f"sqlite:///{RESULTS / 'bench.sqlite3'}"
    if url.startswith(("postgres://", "postgresql://", "pgsql://")):
        fresh_postgres(url)
    elif url.startswith("sqlite:///"):
        path = Path(url.removeprefix("sqlite:///"))
        path.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    return url


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__.split("\n")[0])
    parser.add_argument("--scale", choices=("small", "default"), default="default")
    parser.add_argument("--database-url", default=None, help="default: local PostgreSQL, else SQLite")
    parser.add_argument("--samples", type=int, default=30)
    parser.add_argument("--no-http", action="store_true", help="skip the over-HTTP run")
    parser.add_argument(
        "--only",
        default="",
        help="comma-separated measurement keys to run (with the floor), e.g. essay_page,gradebook_page;"
        " 'http' keeps the over-HTTP run",
    )
    parser.add_argument("--output", type=Path, default=RESULTS / "latest.json")
    args = parser.parse_args(argv)

    RESULTS.mkdir(parents=True, exist_ok=True)
    url = choose_database(args.database_url)
    os.environ["DATABASE_URL"] = url
    postgres = not url.startswith("sqlite")
    if postgres and reachable("127.0.0.1", 6379):
        os.environ.setdefault("REDIS_URL", REDIS_URL)
    os.environ.setdefault("DJANGO_CACHE_PREFIX", "kzbench")
    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    sys.path.insert(0, str(ROOT))

    warnings.filterwarnings("ignore", message="No directory at")  # no collectstatic: finders serve
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command

    from . import build, calibrate, pages, report

    started = time.monotonic()
    print(f"Database: {url}  cache: {os.environ.get('REDIS_URL') or 'local memory'}  scale: {args.scale}")
    call_command("migrate", verbosity=0, interactive=False)
    cache.clear()
    print(f"  migrated in {time.monotonic() - started:.1f} s; building …")
    world = build.build(args.scale)
    print(f"  built in {world.seconds} s: {world.counts}")
    only = {key.strip() for key in args.only.split(",") if key.strip()}
    in_process = (only - {"http"}) or ({"floor"} if only else None)  # only "http": the floor alone
    speed_before = calibrate.machine_speed()
    print(f"  machine speed before: {speed_before}")
    measurements = pages.measure_all(world, samples=args.samples, only=in_process)
    http_results = []
    if args.no_http or (only and "http" not in only):
        print("Over HTTP: skipped (--no-http).")
    elif not postgres or not os.environ.get("REDIS_URL"):
        print("Over HTTP: skipped (it runs on PostgreSQL with Redis only).")
    else:
        from . import http

        http_results = http.run_all(world, database_url=url, redis_url=os.environ["REDIS_URL"])
    speed = {"before": speed_before, "after": calibrate.machine_speed()}
    document = report.write(
        world,
        measurements,
        http_results,
        database_url=url,
        machine_speed=speed,
        output=args.output,
        total_seconds=round(time.monotonic() - started, 1),
    )
    report.print_report(document, sys.stdout)
    print(f"\nWrote {args.output.relative_to(ROOT) if args.output.is_relative_to(ROOT) else args.output}")


if __name__ == "__main__":
    main()
