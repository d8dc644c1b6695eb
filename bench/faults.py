"""`python -m bench.faults [--fault kill|postgres|both]`: faults under load, run by hand.

The load scenario of bench/load.py (students autosaving essays and answering and submitting quizzes,
teachers grading) runs against gunicorn on PostgreSQL + Redis. A supervisor restarts gunicorn whenever it
dies, as systemd's `Restart=always` does in production; nobody touches anything while the faults happen:

- kill: at a third of the run, `kill -9` of the gunicorn master and all its workers, mid-request;
- postgres: at two thirds, `pg_ctlcluster --skip-systemctl-redirect 15 main restart`. This restarts the
  machine's PostgreSQL: every other connection to it drops too. Never run it from the test suite, and
  only when nobody else is running tests against this PostgreSQL (the script skips the restart, and says
  so, while other databases have open connections, unless --force).

Afterwards the checker requires: no server error (5xx) at all, every acknowledged save in the database,
and every student whose saves failed during a fault had a later save acknowledged (the page's retry got
through: the essay sends its newer text with a higher revision, the quiz sends the same answer again).
Results: bench/results/faults.json. Exit status 1 when a check fails.
"""

import argparse
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request

from bench.load import (
    DB_URL,
    RESULTS,
    check,
    count_by_kind,
    prepare,
    read_acks,
    run_locust,
    start_gunicorn,
)


class Supervisor(threading.Thread):
    """Keeps one gunicorn running: when it dies, start it again one second later (like systemd)."""

    def __init__(self, env, port, workers, log):
        super().__init__(daemon=True)
        self.env, self.port, self.workers, self.log = env, port, workers, log
        self.process = start_gunicorn(env, port, workers, log)
        self.restarts = []
        self.stopping = False

    def run(self):
        while not self.stopping:
            if self.process.poll() is not None and not self.stopping:
                died = time.time()
                time.sleep(1)
                self.process = start_gunicorn(self.env, self.port, self.workers, self.log)
                self.restarts.append({"died": died, "back_after_s": round(time.time() - died, 2)})
            time.sleep(0.1)

    def kill9(self):
        os.killpg(self.process.pid, signal.SIGKILL)

    def stop(self):
        self.stopping = True
        self.process.terminate()
        self.process.wait(timeout=30)


def other_databases_in_use():
    """Databases other than the load run's with open connections: other people's work on this server."""
    import psycopg

    with psycopg.connect(host="127.0.0.1", user="postgres", dbname="postgres", autocommit=True) as connection:
        rows = connection.execute(
            "SELECT DISTINCT datname FROM pg_stat_activity WHERE datname IS NOT NULL "
            "AND datname NOT IN ('postgres', %s) AND pid <> pg_backend_pid()",
            [DB_URL.rsplit("/", 1)[1]],
        ).fetchall()
    return sorted(row[0] for row in rows)


def restart_postgres():
    started = time.time()
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", "15", "main", "restart"], check=True)
    return round(time.time() - started, 2)


def healthy(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def resumed(acks, fault_times):
    """Students with an acknowledged essay save before the last fault but none after it (should be [])."""
    if not fault_times:
        return []
    last = max(fault_times)
    before, after = set(), set()
    for ack in acks:
        if ack["kind"] == "essay":
            (before if ack["at"] < last else after).add(ack["username"])
    return sorted(before - after)


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.faults", description=__doc__.split("\n")[0])
    parser.add_argument("--fault", choices=("kill", "postgres", "both"), default="kill")
    parser.add_argument("--time", type=int, default=120)
    parser.add_argument("--students", type=int, default=40)
    parser.add_argument("--teachers", type=int, default=2)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8766)
    parser.add_argument("--force", action="store_true", help="restart PostgreSQL even if others use it")
    parser.add_argument("--form-logins", type=int, default=5, help="students who log in through the form")
    args = parser.parse_args(argv)

    env, _plan = prepare(args.students, args.teachers, args.form_logins)
    users = args.students + args.teachers
    events = []
    with open(RESULTS / "faults-gunicorn.log", "w") as log:
        supervisor = Supervisor(env, args.port, args.workers, log)
        supervisor.start()
        locust = run_locust(args.port, args.time, users, spawn_rate=max(2, users / 20))
        try:
            # Wait until everyone has logged in and saved, then the faults, spaced through the run.
            time.sleep(args.time / 3)
            if args.fault in ("kill", "both"):
                events.append({"fault": "kill -9 gunicorn", "at": time.time()})
                supervisor.kill9()
            if args.fault in ("postgres", "both"):
                time.sleep(args.time / 3 if args.fault == "both" else 0)
                in_use = other_databases_in_use()
                if in_use and not args.force:
                    events.append({"fault": "PostgreSQL restart skipped", "databases_in_use": in_use})
                else:
                    at = time.time()
                    events.append({"fault": "PostgreSQL restart", "at": at, "took_s": restart_postgres()})
            locust.wait(timeout=args.time + 120)
        finally:
            supervisor.stop()
    acks = read_acks()
    from django.db import connection

    connection.close()
    missing = check(acks)
    stuck = resumed(acks, [event["at"] for event in events if "at" in event])
    summary = json.loads((RESULTS / "load-locust.json").read_text())
    result = {
        "fault": args.fault,
        "seconds": args.time,
        "users": users,
        "events": events,
        "restarts": supervisor.restarts,
        "acknowledged": count_by_kind(acks),
        "missing": missing,
        "not_resumed": stuck,
        **{k: v for k, v in summary.items() if k != "endpoints"},
    }
    (RESULTS / "faults.json").write_text(json.dumps(result, indent=2))
    print(json.dumps(result, indent=2))
    ok = not missing and not stuck and result.get("server_errors", 1) == 0
    print(
        "OK: no server error, every acknowledged save present, every student saving again" if ok else "FAILED"
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
