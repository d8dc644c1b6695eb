"""`python -m bench.load`: the load run — locust against gunicorn on PostgreSQL + Redis, then the checker.

1. A fresh PostgreSQL database (`kz_load` on 127.0.0.1, dropped and created), migrations, the course.
2. Seeded classes: 5 teachers, each with a class of 40 students; each class has an open essay (drafts are
   autosaved), an open quiz of single-choice questions (many attempts allowed), a lesson to read, and a
   second essay whose 8 essays are already submitted, for the teacher to grade. The plan (who is who, which
   ids) goes to bench/results/load-plan.json for the locust users.
3. collectstatic into a temporary folder; gunicorn (2 workers, production settings, Redis cache and
   sessions) on 127.0.0.1.
4. locust, headless, 127.0.0.1 only, for a bounded time (default 180 s: every login costs ~1.3 s of
   CPU with Django's PBKDF2, so 200 logins alone need minutes of two cores): 200 students and 5 teachers
   (bench/locustfile.py). Every save the server acknowledges is logged to bench/results/load-acks.jsonl.
5. The checker compares every acknowledged save with the database, counts server errors, and writes
   bench/results/load.json. Exit status 1 when a server error happened or an acknowledged save is missing.

Options: --time 180 --spawn-rate 2 --students 200 --teachers 5 --workers 2 --port 8765.
"""

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
PLAN = RESULTS / "load-plan.json"
ACKS = RESULTS / "load-acks.jsonl"
SUMMARY = RESULTS / "load-locust.json"
DB_URL = "postgres://postgres@127.0.0.1:5432/kz_load"
REDIS_URL = "redis://127.0.0.1:6379/9"
PASSWORD = "load-test-password-1917"  # noqa: S105 - throwaway accounts in a throwaway database
STUDENTS_PER_CLASS = 40
GRADED_ESSAYS_PER_CLASS = 8


def server_env(db_url=DB_URL, redis_url=REDIS_URL, static_root=None):
    env = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "PYTEST"))}
    env.update(
        DJANGO_SETTINGS_MODULE="kzcourse.settings",
        DJANGO_SECRET_KEY="load-run-secret-not-for-production",  # noqa: S106 - a throwaway database
        DJANGO_ENV_FILE="/nonexistent/.env",
        DJANGO_HTTPS="false",
        DJANGO_ALLOWED_HOSTS="127.0.0.1",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_CACHE_PREFIX="kzcourse-load",
        DATABASE_URL=db_url,
        REDIS_URL=redis_url,
    )
    if static_root:
        env["DJANGO_STATIC_ROOT"] = str(static_root)
    return env


def fresh_database(url):
    import environ
    import psycopg
    from psycopg import sql

    config = environ.Env.db_url_config(url)
    with psycopg.connect(
        host=config["HOST"] or "127.0.0.1",
        port=config["PORT"] or 5432,
        user=config["USER"] or "postgres",
        dbname="postgres",
        autocommit=True,
    ) as connection:
        name = sql.Identifier(config["NAME"])
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(name))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(name))


def setup_django(env):
    os.environ.update(env)
    import django

    django.setup()


def seed(students, teachers):
    """The classes, people and assignments of the run; returns the plan for the locust users."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from assessments.essays import services as essay_services
    from assessments.models import Assignment, EssayPrompt, Question, Quiz
    from classroom.models import Classroom, Membership
    from lessons.models import Lesson

    User = get_user_model()
    now = timezone.now()
    password = make_password(PASSWORD)  # one hash for everyone: seeding stays fast
    questions = list(Question.objects.filter(kind="single_choice").prefetch_related("choices")[:8])
    quiz = Quiz.objects.create(slug="load-quiz", title="Load quiz")
    for position, question in enumerate(questions, start=1):
        quiz.quiz_questions.create(question=question, position=position)
    prompts = list(EssayPrompt.objects.prefetch_related("criteria__levels")[:2])
    lesson = Lesson.objects.order_by("number").first()
    dates = {"opens_at": now - timedelta(days=1), "due_at": now + timedelta(days=7)}
    plan = {"password": PASSWORD, "students": [], "teachers": []}
    per_class = max(1, students // teachers)
    for t in range(teachers):
        teacher = User.objects.create(username=f"teacher{t}", full_name=f"Teacher {t}", password=password)
        classroom = Classroom.objects.create(name=f"Load class {t}", term="Autumn")
        Membership.objects.create(user=teacher, classroom=classroom, role=Membership.Role.TEACHER)
        essay = Assignment.objects.create(
            classroom=classroom, kind="essay", essay_prompt=prompts[0], title="Draft essay",
            min_words=1, max_words=5000, **dates,
        )  # fmt: skip
        graded = Assignment.objects.create(
            classroom=classroom, kind="essay", essay_prompt=prompts[-1], title="Essay to grade",
            min_words=1, max_words=5000, **dates,
        )  # fmt: skip
        quiz_assignment = Assignment.objects.create(
            classroom=classroom, kind="quiz", quiz=quiz, title="Quiz", max_attempts=50, **dates
        )
        Assignment.objects.create(
            classroom=classroom, kind="reading", lesson=lesson, title="Reading", **dates
        )
        count = per_class if t < teachers - 1 else students - per_class * (teachers - 1)
        graded_ids = []
        for s in range(count):
            number = t * per_class + s
            student = User.objects.create(
                username=f"student{number}", full_name=f"Student {number}", password=password
            )
            Membership.objects.create(user=student, classroom=classroom, role=Membership.Role.STUDENT)
            if s < GRADED_ESSAYS_PER_CLASS:
                text = f"Essay of student {number} on the Alash movement. " * 20
                graded_ids.append(
                    essay_services.essay_submit(assignment=graded, student=student, text=text, revision=1).pk
                )
            plan["students"].append(
                {
                    "username": student.username,
                    "essay": essay.pk,
                    "quiz": quiz_assignment.pk,
                    "questions": [[q.pk, q.choices.all()[0].pk] for q in questions],
                    "lesson": lesson.slug,
                    "class": classroom.pk,
                }
            )
        criteria = essay_services.rubric_of(graded)
        plan["teachers"].append(
            {
                "username": teacher.username,
                "assignment": graded.pk,
                "essays": graded_ids,
                "levels": {str(c.pk): [lvl.pk for lvl in c.levels.all()] for c in criteria},
                "class": classroom.pk,
            }
        )
    return plan


def signed_in_sessions(plan, form_logins):
    """Sessions for all but the first `form_logins` students and teachers: they were signed in already.

    A login costs ~1.3 s of CPU (PBKDF2, 1.5 million iterations); on two cores a login storm of 200
    students would leave no time for the rest of the scenario. The users given a session skip the login
    form; the others log in through it, so logins are still measured under load.
    """
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model

    from classroom.backends import USER_BACKEND

    store = import_module(settings.SESSION_ENGINE).SessionStore
    users = {u.username: u for u in get_user_model().objects.all()}
    people = plan["students"][form_logins:] + plan["teachers"][max(0, form_logins // 40) :]
    for person in people:
        user = users[person["username"]]
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = USER_BACKEND
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.create()
        person["session"] = session.session_key


def collectstatic(env):
    static_root = Path(tempfile.mkdtemp(prefix="kz-load-static-"))
    env = {**env, "DJANGO_STATIC_ROOT": str(static_root)}
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"], cwd=ROOT, env=env, check=True
    )
    return static_root


def start_gunicorn(env, port, workers, log):
    process = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "kzcourse.wsgi", "--workers", str(workers),
            "--bind", f"127.0.0.1:{port}", "--timeout", "60", "--graceful-timeout", "5",
        ],
        cwd=ROOT, env=env, stdout=log, stderr=log, start_new_session=True,
    )  # fmt: skip
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return process
        except OSError:
            time.sleep(0.3)
    process.kill()
    raise RuntimeError("gunicorn did not answer /healthz")


def run_locust(port, seconds, users, spawn_rate, extra_env=None):
    env = {
        **os.environ,
        "LOAD_PLAN": str(PLAN),
        "LOAD_ACKS": str(ACKS),
        "LOAD_SUMMARY": str(SUMMARY),
        **(extra_env or {}),
    }
    command = [
        sys.executable, "-m", "locust", "-f", str(ROOT / "bench" / "locustfile.py"), "--headless",
        "--host", f"http://127.0.0.1:{port}", "-u", str(users), "-r", str(spawn_rate),
        "--run-time", f"{seconds}s", "--stop-timeout", "10", "--only-summary", "--loglevel", "WARNING",
    ]  # fmt: skip
    return subprocess.Popen(command, cwd=ROOT, env=env)


def sha(text):
    return hashlib.sha256(text.encode()).hexdigest()


def read_acks(path=ACKS):
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def check(acks):
    """Every acknowledged save against the database: a list of what is missing (empty when none is)."""
    from assessments.models import Answer, Attempt, Essay, EssayGrade

    missing = []
    newest = {}
    for ack in acks:
        if ack["kind"] == "essay":
            key = (ack["assignment"], ack["username"])
            if key not in newest or ack["revision"] > newest[key]["revision"]:
                newest[key] = ack
    essays = {
        (e.assignment_id, e.student.username): e
        for e in Essay.objects.select_related("student").filter(assignment_id__in={k[0] for k in newest})
    }
    for key, ack in newest.items():
        essay = essays.get(key)
        if essay is None or essay.revision < ack["revision"]:
            missing.append(f"essay {key}: revision {ack['revision']} acknowledged, database has "
                           f"{essay.revision if essay else 'nothing'}")  # fmt: skip
        elif essay.revision == ack["revision"] and sha(essay.text) != ack["sha"]:
            missing.append(f"essay {key}: revision {ack['revision']} has other text")
    answers = {
        (a.attempt_id, a.question_id): {c.choice_id for c in a.answer_choices.all()}
        for a in Answer.objects.prefetch_related("answer_choices")
    }
    submitted = set(Attempt.objects.filter(state=Attempt.State.SUBMITTED).values_list("pk", flat=True))
    grades = {g.essay_id: g for g in EssayGrade.objects.all()}
    for ack in acks:
        if ack["kind"] == "answer":
            if answers.get((ack["attempt"], ack["question"])) != {ack["choice"]}:
                missing.append(f"answer {ack}")
        elif ack["kind"] == "submit" and ack["attempt"] not in submitted:
            missing.append(f"submission {ack}")
        elif ack["kind"] == "grade":
            grade = grades.get(ack["essay"])
            if grade is None or grade.version < ack["version"]:
                missing.append(f"grade {ack}")
            elif grade.version == ack["version"] and grade.overall_comment != ack["comment"]:
                missing.append(f"grade {ack}: other comment")
    return missing


def count_by_kind(acks):
    counts = {}
    for ack in acks:
        counts[ack["kind"]] = counts.get(ack["kind"], 0) + 1
    return counts


def prepare(students, teachers, form_logins=None):
    """Fresh database, migrations, course, seed, static files; returns (env, plan)."""
    RESULTS.mkdir(parents=True, exist_ok=True)
    env = server_env()
    fresh_database(DB_URL)
    env["DJANGO_STATIC_ROOT"] = str(collectstatic(env))
    setup_django(env)
    from django.core.cache import cache
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    call_command("load_course", verbosity=0)
    cache.clear()
    plan = seed(students, teachers)
    if form_logins is not None:
        signed_in_sessions(plan, form_logins)
    PLAN.write_text(json.dumps(plan))
    ACKS.write_text("")
    SUMMARY.unlink(missing_ok=True)
    return env, plan


def report(started, seconds, users, acks, missing, workers, form_logins=None):
    summary = json.loads(SUMMARY.read_text()) if SUMMARY.exists() else {}
    result = {
        "started": started,
        "seconds": seconds,
        "users": users,
        "gunicorn_workers": workers,
        "form_logins": form_logins,
        "acknowledged": count_by_kind(acks),
        "missing": missing,
        **summary,
    }
    (RESULTS / "load.json").write_text(json.dumps(result, indent=2))
    return result


def print_result(result):
    print(json.dumps({k: v for k, v in result.items() if k != "endpoints"}, indent=2))
    for name, row in sorted(result.get("endpoints", {}).items()):
        print(f"  {name:38} {row['count']:6d} req  median {row['median_ms']:6.0f} ms  "
              f"p95 {row['p95_ms']:6.0f} ms  failures {row['failures']}")  # fmt: skip


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__.split("\n")[0])
    parser.add_argument("--time", type=int, default=180, help="seconds of load (default 180)")
    parser.add_argument("--students", type=int, default=200)
    parser.add_argument("--teachers", type=int, default=5)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--form-logins", type=int, default=None, help="students who log in through the form (default: all)"
    )
    parser.add_argument("--spawn-rate", type=float, default=2, help="new users a second (default 2)")
    args = parser.parse_args(argv)

    env, _plan = prepare(args.students, args.teachers, args.form_logins)
    started = time.strftime("%Y-%m-%d %H:%M:%S UTC", time.gmtime())
    users = args.students + args.teachers
    with open(RESULTS / "load-gunicorn.log", "w") as log:
        server = start_gunicorn(env, args.port, args.workers, log)
        try:
            locust = run_locust(args.port, args.time, users, args.spawn_rate)
            locust.wait(timeout=args.time + 120)
        finally:
            server.terminate()
            server.wait(timeout=30)
    acks = read_acks()
    from django.db import connection

    connection.close()
    missing = check(acks)
    result = report(started, args.time, users, acks, missing, args.workers, args.form_logins)
    print_result(result)
    ok = not missing and result.get("server_errors", 1) == 0
    print("OK: 0 server errors, every acknowledged save is in the database" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
