#!/usr/bin/env python
"""Back up and restore the site's database, whatever DATABASE_URL names.

    python scripts/dbbackup.py backup [--to FILE]      # default: backups/kzcourse-<UTC time>.<ext>
    python scripts/dbbackup.py restore FILE            # replaces the current database's contents

PostgreSQL: pg_dump's custom format, restored with pg_restore --clean (one transaction).
SQLite: SQLite's online backup API, so the copy is consistent even while the site writes.
"""

import argparse
import os
import shutil
import sqlite3
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def database_settings():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kzcourse.settings")
    import django
    from django.conf import settings

    django.setup()
    return settings.DATABASES["default"]


def pg_env(db):
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = str(db["PASSWORD"])
    return env


def pg_args(db):
    args = ["--dbname", db["NAME"]]
    if db.get("HOST"):
        args += ["--host", str(db["HOST"])]
    if db.get("PORT"):
        args += ["--port", str(db["PORT"])]
    if db.get("USER"):
        args += ["--username", str(db["USER"])]
    return args


def backup(db, target):
    target.parent.mkdir(parents=True, exist_ok=True)
    if db["ENGINE"] == "django.db.backends.postgresql":
        tool = shutil.which("pg_dump") or sys.exit(
            "pg_dump is not installed (apt-get install postgresql-client)"
        )
        subprocess.run(
            [tool, "--format=custom", "--no-owner", "--file", str(target), *pg_args(db)],
            env=pg_env(db),
            check=True,
        )
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        with sqlite3.connect(db["NAME"]) as source, sqlite3.connect(target) as copy:
            source.backup(copy)
    else:
        sys.exit(f"no backup method for {db['ENGINE']}")
    return target


def restore(db, source):
    if not source.is_file():
        sys.exit(f"no backup at {source}")
    if db["ENGINE"] == "django.db.backends.postgresql":
        tool = shutil.which("pg_restore") or sys.exit("pg_restore is not installed")
        subprocess.run(
            [tool, "--clean", "--if-exists", "--no-owner", "--single-transaction", *pg_args(db), str(source)],
            env=pg_env(db),
            check=True,
        )
    elif db["ENGINE"] == "django.db.backends.sqlite3":
        with sqlite3.connect(source) as backup_copy, sqlite3.connect(db["NAME"]) as live:
            backup_copy.backup(live)
    else:
        sys.exit(f"no restore method for {db['ENGINE']}")


def main(argv=None):
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    commands = parser.add_subparsers(dest="command", required=True)
    backup_parser = commands.add_parser("backup")
    backup_parser.add_argument("--to", type=Path)
    restore_parser = commands.add_parser("restore")
    restore_parser.add_argument("file", type=Path)
    args = parser.parse_args(argv)

    db = database_settings()
    if args.command == "backup":
        extension = "dump" if db["ENGINE"] == "django.db.backends.postgresql" else "sqlite3"
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        target = backup(db, args.to or ROOT / "backups" / f"kzcourse-{stamp}.{extension}")
        print(f"Backed up to {target}")
    else:
        restore(db, args.file)
        print(f"Restored from {args.file}")


if __name__ == "__main__":
    main()
