"""Kolibri 0.19.5's coach class summary for a class of 500 learners, timed the way `make bench` times ours.

The issue asks that "the same run of Kolibri's class summary on this machine is at least 5× slower than
our whole-class overview". Kolibri's nearest page to our overview is the coach's class summary
(ClassSummaryViewSet.retrieve, GET /coach/api/classsummary/<classroom_id>/): the one response the coach
plugin's class home, lessons and quizzes pages are drawn from, with every learner's status on every
lesson resource and quiz. This script measures it on the machine it runs on, so that the two figures come
from the same hardware on the same day.

It runs in a virtualenv of its own with Kolibri installed (bench/peers/kolibri.sh makes one), never in the
project's: Kolibri bundles its own Django (3.2) and is run on Python 3.11. It

  1. initialises a fresh KOLIBRI_HOME with Kolibri's default SQLite databases (a temporary directory,
     removed at the end, unless --home names one to keep for --measure-only);
  2. builds a semester of one class through Kolibri's own models (see bench/peers/README.md);
  3. logs in as the class coach with Django's test client in this process and times the class summary:
     warm-up calls, one call that counts the SQL statements, then the timed samples, --runs times;
  4. prints the figures and writes them as JSON (default bench/results/kolibri.json).

Usage (with the Kolibri virtualenv's interpreter; kolibri.sh passes its arguments here):

    python bench/peers/kolibri_class_summary.py [--runs 2] [--samples 30] [--warmup 3] [--learners 500]
        [--seed 20240901] [--out PATH] [--home DIR [--measure-only]]
"""

import argparse
import json
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
import uuid
from contextlib import ExitStack, contextmanager
from datetime import timedelta
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_OUT = REPO_ROOT / "bench" / "results" / "kolibri.json"

CLASSROOM_NAME = "Grade 7 - Mathematics"
COACH_USERNAME = "coach"
# Throwaway accounts in a database this script makes and (by default) deletes.
COACH_PASSWORD = "coachpass123"  # noqa: S105
MIN_INTEGER = -2147483648  # the lowest mastery_level, as in kolibri.core.logger.api (quizzes use < 0)
FIRST_NAMES = [
    "Amina", "Ben", "Chloe", "David", "Esther", "Felix", "Grace", "Hassan", "Ines", "Jamal", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Samuel", "Tara", "Umar", "Vera", "Wanjiru", "Yusuf",
]  # fmt: skip
LAST_NAMES = [
    "Okafor", "Mensah", "Nguyen", "Garcia", "Kumar", "Mwangi", "Silva", "Haddad", "Kimani", "Rossi",
    "Tanaka", "Osei", "Dubois", "Novak",
]  # fmt: skip
TOPICS = ["Fractions", "Ratios", "Integers", "Equations", "Geometry", "Statistics"]
QUIZ_QUESTION_COUNTS = [10, 12, 15, 18, 20, 25]
LESSONS = 5


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=2, help="measurement runs in this process (default 2)")
    parser.add_argument("--samples", type=int, default=30, help="timed calls per run (default 30)")
    parser.add_argument("--warmup", type=int, default=3, help="untimed calls before each run (default 3)")
    parser.add_argument("--learners", type=int, default=500, help="learners in the class (default 500)")
    parser.add_argument("--seed", type=int, default=20240901, help="seed of the dataset (default 20240901)")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"JSON result (default {DEFAULT_OUT})")
    parser.add_argument(
        "--home",
        type=Path,
        help="KOLIBRI_HOME to build in and keep (wiped first unless --measure-only); default: a temporary "
        "directory, removed at the end",
    )
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="skip the build and measure the class a previous run left in --home",
    )
    args = parser.parse_args(argv)
    if args.measure_only and args.home is None:
        parser.error("--measure-only needs --home (the KOLIBRI_HOME a previous run built)")
    return args


def prepare_home(args):
    """The KOLIBRI_HOME to use: --home (wiped unless --measure-only), or a new temporary directory.

    The environment's own KOLIBRI_HOME is never used: the build wipes and fills the databases.
    """
    if args.home is None:
        return Path(tempfile.mkdtemp(prefix="kolibri-home-"))
    home = args.home.resolve()
    if args.measure_only:
        if not (home / "db.sqlite3").exists():
            sys.exit(f"{home} holds no Kolibri database: build one first with --home {args.home}")
        return home
    # Refuse to wipe a directory that is neither empty nor a Kolibri home.
    if home.exists() and any(home.iterdir()) and not (home / "db.sqlite3").exists():
        sys.exit(f"{home} is not empty and not a Kolibri home: not wiping it")
    if home.exists():
        shutil.rmtree(home)
    home.mkdir(parents=True)
    return home


def initialise_kolibri(home):
    """Point Kolibri at `home`, set Django up and migrate every database; returns the seconds it took.

    This has to come before any import of Kolibri's models: Kolibri reads KOLIBRI_HOME when first imported.
    """
    os.environ["KOLIBRI_HOME"] = str(home)
    os.environ["DJANGO_SETTINGS_MODULE"] = "kolibri.deployment.default.settings.base"
    started = time.perf_counter()
    from kolibri.utils.main import initialize

    initialize()  # copies Kolibri's preseeded SQLite databases, runs django.setup(), migrates if needed

    import logging

    from django.conf import settings
    from django.core.management import call_command

    # From here on Kolibri would log, at INFO, to the console and to KOLIBRI_HOME/logs, each lesson and quiz
    # assignment of the build and an access-log line for every call timed: keep both out of the output
    # and out of the timings.
    logging.disable(logging.WARNING)
    not_sqlite = [alias for alias, db in settings.DATABASES.items() if "sqlite" not in db["ENGINE"]]
    if not_sqlite:
        sys.exit(f"these Kolibri databases are not SQLite: {not_sqlite} (unset KOLIBRI_DATABASE_*)")
    # initialize() migrates only when its check finds the database behind: make sure of every one of the
    # databases Kolibri configures (a no-op for those already current).
    for alias in settings.DATABASES:
        call_command("migrate", interactive=False, database=alias, verbosity=0)
    return time.perf_counter() - started


def machine_speed_ms():
    """How fast this machine is right now: best of 5 runs of a plain Python loop, in ms.

    The host's speed drifts between runs, so each run records this beside its figures.
    """
    best = None
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(10_000_000):
            total += i
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return round(best, 1)


def hexid():
    return uuid.uuid4().hex


def bulk(model, objs):
    """bulk_create in the batch size Morango, Kolibri's sync layer, inserts with on SQLite."""
    from morango.sync.backends.utils import calculate_max_sqlite_variables

    batch_size = max(1, calculate_max_sqlite_variables() // len(model._meta.fields))
    model.objects.bulk_create(objs, batch_size=batch_size)


def with_morango_ids(objs):
    """Give syncable models the id (and _morango_source_id, _morango_partition) SyncableModel.save() would:
    bulk_create skips save(). calculate_uuid() needs dataset_id set first."""
    for obj in objs:
        obj.id = obj.calculate_uuid()
    return objs


# Building the class. The generator's calls follow one fixed order, so that one seed always gives the same
# dataset (the ids differ from run to run; the counts and shapes do not).


def build_class(rnd, n_learners, sem_start):
    """A provisioned device, one facility, its admin, the class coach, the classroom and its learners."""
    from django.contrib.auth.hashers import make_password
    from kolibri.core.auth.constants import role_kinds
    from kolibri.core.auth.models import Classroom, Facility, FacilityUser, Membership
    from kolibri.core.device.utils import device_provisioned, provision_device

    facility = Facility.objects.create(name="Comparison School")
    if not device_provisioned():
        provision_device(device_name="cmp-device", default_facility=facility)

    admin = FacilityUser(username="admin", full_name="Facility Admin", facility=facility)
    admin.set_password("adminpass123")
    admin.save()
    facility.add_admin(admin)

    coach = FacilityUser(username=COACH_USERNAME, full_name="Class Coach", facility=facility)
    coach.set_password(COACH_PASSWORD)
    coach.save()
    # What Kolibri's own "assign coach" does: assignable coach on the facility, then coach of the class.
    facility.add_role(coach, role_kinds.ASSIGNABLE_COACH)
    classroom = Classroom.objects.create(name=CLASSROOM_NAME, parent=facility)
    classroom.add_coach(coach)

    password = make_password("learnerpass")  # hashed once: 500 hashes would only slow the build
    learners = [
        FacilityUser(
            username=f"learner{i + 1:04d}",
            full_name=f"{rnd.choice(FIRST_NAMES)} {rnd.choice(LAST_NAMES)}",
            facility_id=facility.id,
            dataset_id=facility.dataset_id,
            password=password,
            date_joined=sem_start - timedelta(days=rnd.randint(1, 30)),
        )
        for i in range(n_learners)
    ]
    bulk(FacilityUser, with_morango_ids(learners))
    memberships = [
        Membership(user_id=u.id, collection_id=classroom.id, dataset_id=facility.dataset_id) for u in learners
    ]
    bulk(Membership, with_morango_ids(memberships))
    return facility, classroom, coach, learners


def build_channel(rnd, now):
    """One available channel: a topic with 10 videos, 6 documents, 2 HTML5 apps and 12 exercises.

    Returns the resources in channel order, the channel id, and each exercise's assessment item ids.
    """
    from kolibri.core.content.models import AssessmentMetaData, ChannelMetadata, ContentNode
    from le_utils.constants import content_kinds

    channel_id = hexid()
    root = ContentNode.objects.create(
        id=hexid(),
        content_id=hexid(),
        channel_id=channel_id,
        title="Grade 7 Mathematics",
        kind=content_kinds.TOPIC,
        available=True,
        description="A comparison channel",
        license_owner="",
        author="",
    )
    kinds = (
        [content_kinds.VIDEO] * 10
        + [content_kinds.DOCUMENT] * 6
        + [content_kinds.HTML5] * 2
        + [content_kinds.EXERCISE] * 12
    )
    rnd.shuffle(kinds)
    nodes = []
    exercise_items = {}
    for i, kind in enumerate(kinds):
        # Each kind's completion criterion as Kolibri Studio sets it.
        duration = None
        if kind == content_kinds.EXERCISE:
            threshold = {"mastery_model": "m_of_n", "m": 3, "n": 5}
            options = {"completion_criteria": {"model": "mastery", "threshold": threshold}}
        elif kind == content_kinds.VIDEO:
            duration = rnd.randint(180, 900)
            options = {"completion_criteria": {"model": "time", "threshold": duration}}
        elif kind == content_kinds.DOCUMENT:
            options = {"completion_criteria": {"model": "pages", "threshold": "100%"}}
        else:
            options = {"completion_criteria": {"model": "determined_by_resource"}}
        node = ContentNode.objects.create(
            id=hexid(),
            content_id=hexid(),
            channel_id=channel_id,
            parent=root,
            title=f"{kind.capitalize()} {i + 1:02d}: {rnd.choice(TOPICS)}",
            kind=kind,
            available=True,
            sort_order=float(i + 1),
            options=options,
            duration=duration,
            ancestors=[{"id": root.id, "title": root.title}],
            description=f"Resource {i + 1}",
            license_name="CC BY",
            license_owner="Comparison",
            author="Comparison",
        )
        nodes.append(node)
        if kind == content_kinds.EXERCISE:
            items = [hexid() for _ in range(rnd.randint(15, 30))]
            exercise_items[node.id] = items
            AssessmentMetaData.objects.create(
                id=hexid(),
                contentnode=node,
                assessment_item_ids=items,
                number_of_assessments=len(items),
                mastery_model={"type": "m_of_n", "m": 3, "n": 5},
                randomize=True,
                is_manipulable=True,
            )
    ContentNode.objects.filter(id=root.id).update(on_device_resources=len(nodes))
    ChannelMetadata.objects.create(
        id=channel_id,
        name="Grade 7 Mathematics",
        root=root,
        version=3,
        min_schema_version="1",
        last_updated=now - timedelta(days=150),
        total_resource_count=len(nodes),
        public=False,
    )
    return nodes, channel_id, exercise_items


def build_lessons(rnd, classroom, coach, exercises, others, channel_id, sem_start):
    """5 active lessons assigned to the class, 20 days apart, each of 2 exercises and 3 other resources.

    Returns (lesson, its resources, its start) for each.
    """
    from kolibri.core.lessons.models import Lesson, LessonAssignment

    lessons = []
    for li in range(LESSONS):
        resources = exercises[li * 2 : li * 2 + 2] + others[li * 3 : li * 3 + 3]
        rnd.shuffle(resources)
        start = sem_start + timedelta(days=li * 20)
        lesson = Lesson(
            title=f"Unit {li + 1} lesson",
            description=f"Week {li * 3 + 1} work",
            resources=[
                {"contentnode_id": n.id, "content_id": n.content_id, "channel_id": channel_id}
                for n in resources
            ],
            is_active=True,
            collection=classroom,
            created_by=coach,
            date_created=start,
        )
        lesson.save()
        LessonAssignment.objects.create(lesson=lesson, collection=classroom, assigned_by=coach)
        lessons.append((lesson, resources, start))
    return lessons


def build_quizzes(rnd, classroom, coach, exercises, exercise_items, sem_start):
    """6 active quizzes assigned to the class, in Kolibri 0.19's format (data_model_version 3: sections of
    questions drawn from the exercises' items); quizzes of more than 15 questions have two sections.

    Returns (exam, its questions, its activation time) for each.
    """
    from kolibri.core.exams.models import Exam, ExamAssignment

    exams = []
    pool = [(ex, item) for ex in exercises for item in exercise_items[ex.id]]
    for ei, count in enumerate(QUIZ_QUESTION_COUNTS):
        counters = {}
        questions = []
        for ex, item in rnd.sample(pool, count):
            counters[ex.id] = counters.get(ex.id, 0) + 1
            questions.append(
                {
                    "exercise_id": ex.id,
                    "question_id": item,
                    "item": f"{ex.id}:{item}",
                    "title": ex.title,
                    "counter_in_exercise": counters[ex.id],
                }
            )
        chunks = [questions[: count // 2], questions[count // 2 :]] if count > 15 else [questions]
        sections = [
            {
                "section_id": hexid(),
                "section_title": f"Section {si + 1}",
                "description": "",
                "question_count": len(chunk),
                "learners_see_fixed_order": False,
                "questions": chunk,
            }
            for si, chunk in enumerate(chunks)
        ]
        activated = sem_start + timedelta(days=10 + ei * 18)
        exam = Exam(
            title=f"Quiz {ei + 1}",
            question_sources=sections,
            collection=classroom,
            creator=coach,
            active=True,
            data_model_version=3,
            date_created=activated - timedelta(days=1),
            date_activated=activated,
            learners_see_fixed_order=False,
            seed=rnd.randint(1, 10_000),
        )
        exam.save()
        ExamAssignment.objects.create(exam=exam, collection=classroom, assigned_by=coach)
        exams.append((exam, questions, activated))
    return exams


class ProgressLogs:
    """The rows Kolibri 0.19's progress-tracking API writes as learners work, gathered for bulk_create:
    a session and a summary log per learner and resource (or quiz), mastery logs for exercises and quizzes,
    an attempt log per answer, and the coach's learner-progress notifications."""

    def __init__(self, rnd, dataset_id, classroom_id):
        self.rnd = rnd
        self.dataset_id = dataset_id
        self.classroom_id = classroom_id
        self.sessions, self.summaries, self.masteries, self.attempts, self.notifications = [], [], [], [], []

    def notify(self, obj, event, user_id, timestamp, **fields):
        from kolibri.core.notifications.models import LearnerProgressNotification

        self.notifications.append(
            LearnerProgressNotification(
                notification_object=obj,
                notification_event=event,
                user_id=user_id,
                classroom_id=self.classroom_id,
                assignment_collections=[self.classroom_id],
                timestamp=timestamp,
                **fields,
            )
        )

    def content(self, user, content_id, kind, start, end, time_spent, progress, channel_id):
        """A session log and its summary log; returns both (their end times may be set later)."""
        from kolibri.core.logger.models import ContentSessionLog, ContentSummaryLog

        common = {
            "user_id": user.id,
            "dataset_id": self.dataset_id,
            "content_id": content_id,
            "channel_id": channel_id,
            "start_timestamp": start,
            "end_timestamp": end,
            "time_spent": time_spent,
            "progress": progress,
            "kind": kind,
            "extra_fields": {},
        }
        session = ContentSessionLog(**common)
        summary = ContentSummaryLog(completion_timestamp=end if progress >= 1 else None, **common)
        session.id = session.calculate_uuid()
        summary.id = summary.calculate_uuid()
        self.sessions.append(session)
        self.summaries.append(summary)
        return session, summary

    def mastery(self, user, summary, level, criterion, start, end, complete, secs):
        from kolibri.core.logger.models import MasteryLog

        log = MasteryLog(
            user_id=user.id,
            dataset_id=self.dataset_id,
            summarylog_id=summary.id,
            mastery_criterion=criterion,
            start_timestamp=start,
            end_timestamp=end,
            completion_timestamp=end if complete else None,
            mastery_level=level,
            complete=complete,
            time_spent=secs,
        )
        log.id = log.calculate_uuid()
        self.masteries.append(log)
        return log

    def attempt(self, user, session, mastery, item, correct, start, secs, hinted=False, quiz=False):
        """One answer; returns its end time."""
        from kolibri.core.logger.models import AttemptLog

        end = start + timedelta(seconds=secs)
        answer = {
            "question": item[-8:],
            "answerState": {"value": str(self.rnd.randint(1, 99))},
            "simpleAnswer": str(self.rnd.randint(1, 99)),
        }
        if quiz:
            history = [{"type": "answer", "answer": answer, "correct": correct}]
        elif correct:
            history = [{"type": "answer", "answer": answer, "correct": 1}]
        else:
            history = [{"type": "hint", "answer": answer}] if hinted else []
            history += [{"type": "answer", "answer": answer, "correct": 0}]
        log = AttemptLog(
            user_id=user.id,
            dataset_id=self.dataset_id,
            sessionlog_id=session.id,
            masterylog_id=mastery.id,
            item=item,
            start_timestamp=start,
            end_timestamp=end,
            completion_timestamp=end,
            time_spent=secs,
            complete=True,
            correct=correct,
            hinted=hinted,
            answer=answer,
            simple_answer=answer["simpleAnswer"],
            interaction_history=history,
            error=False,
        )
        log.id = log.calculate_uuid()
        self.attempts.append(log)
        return end

    def save(self):
        """Insert everything; the notifications live in a database of their own."""
        from django.db import transaction
        from kolibri.core.logger.models import AttemptLog, ContentSessionLog, ContentSummaryLog, MasteryLog
        from kolibri.core.notifications.models import LearnerProgressNotification

        bulk(ContentSessionLog, self.sessions)
        bulk(ContentSummaryLog, self.summaries)
        bulk(MasteryLog, self.masteries)
        bulk(AttemptLog, self.attempts)
        with transaction.atomic(using="notifications"):
            bulk(LearnerProgressNotification, self.notifications)


def work_on_lesson(rnd, logs, user, lesson_index, lesson, resources, lesson_start, skill, diligence, ctx):
    """One learner's logs and notifications for one lesson: `skill` is the chance of a right answer,
    `diligence` of starting each resource."""
    from kolibri.core.notifications.models import HelpReason, NotificationEventType, NotificationObjectType
    from le_utils.constants import content_kinds

    now, channel_id, exercise_items = ctx["now"], ctx["channel_id"], ctx["exercise_items"]
    # Fewer learners have started everything in the newest lesson.
    p_start = diligence if lesson_index < LESSONS - 1 else diligence * 0.85

    def notify_resource(node, event, timestamp, **fields):
        logs.notify(
            NotificationObjectType.Resource,
            event,
            user.id,
            timestamp,
            lesson_id=lesson.id,
            contentnode_id=node.id,
            **fields,
        )

    all_complete = True
    for node in resources:
        if rnd.random() > p_start:
            all_complete = False
            continue
        start = lesson_start + timedelta(days=rnd.uniform(0, 14), minutes=rnd.uniform(0, 600))
        start = min(start, now - timedelta(hours=1))
        notify_resource(node, NotificationEventType.Started, start)
        if node.kind != content_kinds.EXERCISE:
            done = rnd.random() < 0.88
            progress = 1.0 if done else round(rnd.uniform(0.05, 0.95), 3)
            spent = (node.duration or 400) * progress * rnd.uniform(0.8, 1.6)
            end = start + timedelta(seconds=spent)
            logs.content(user, node.content_id, node.kind, start, end, spent, progress, channel_id)
            if done:
                notify_resource(node, NotificationEventType.Completed, end)
            else:
                all_complete = False
            continue

        # An exercise: mastered at 3 right of the last 5 answers, within 3 to 14 answers.
        items = exercise_items[node.id]
        criterion = {"type": "m_of_n", "m": 3, "n": 5}
        max_attempts = rnd.randint(3, 14)
        if rnd.random() < 0.03:  # a few learners open the exercise and answer nothing
            max_attempts = 0
        tries = [[]]  # a new try is a new MasteryLog (mastery_level 2)
        mastered = False
        for _ in range(max_attempts):
            right = rnd.random() < skill
            tries[-1].append(right)
            if sum(tries[-1][-5:]) >= 3:
                mastered = True
                break
            # Some learners start the exercise over after many misses.
            if len(tries[-1]) >= 8 and len(tries) == 1 and rnd.random() < 0.3:
                tries.append([])
        progress = 1.0 if mastered else round(min(0.99, sum(tries[-1][-5:]) / 3), 3)
        # The logs need ids before the attempts that point at them: their end times are set after.
        session, summary = logs.content(
            user, node.content_id, node.kind, start, start, 0.0, progress, channel_id
        )
        t = start
        total = 0.0
        fails = 0
        for level, attempts in enumerate(tries, start=1):
            if not attempts and level > 1:
                continue
            complete = mastered and level == len(tries)
            mastery = logs.mastery(user, summary, level, criterion, t, t, complete, 0.0)
            mastery_secs = 0.0
            for right in attempts:
                secs = rnd.uniform(15, 120)
                hinted = (not right) and rnd.random() < 0.2
                item = rnd.choice(items)
                t = logs.attempt(user, session, mastery, item, 1.0 if right else 0.0, t, secs, hinted)
                mastery_secs += secs
                fails += 0 if right else 1
            mastery.end_timestamp = t
            mastery.time_spent = mastery_secs
            if complete:
                mastery.completion_timestamp = t
            total += mastery_secs
        for log in (session, summary):
            log.end_timestamp = t
            log.time_spent = total
        summary.completion_timestamp = t if mastered else None
        if fails >= 4 and not mastered:
            notify_resource(node, NotificationEventType.Help, t, reason=HelpReason.Multiple)
        if mastered:
            notify_resource(node, NotificationEventType.Completed, t)
        else:
            all_complete = False
    if all_complete:
        logs.notify(
            NotificationObjectType.Lesson,
            NotificationEventType.Completed,
            user.id,
            now - timedelta(days=1),
            lesson_id=lesson.id,
        )


def take_quiz(rnd, logs, user, quiz_index, exam, questions, activated, skill, diligence, now):
    """One learner's logs and notifications for one quiz: done, part done or not started."""
    from kolibri.core.notifications.models import NotificationEventType, NotificationObjectType
    from le_utils.constants import content_kinds

    r = rnd.random()
    if quiz_index < len(QUIZ_QUESTION_COUNTS) - 1:
        state = "done" if r < 0.92 * diligence / 0.94 else ("partial" if r < 0.97 else "none")
    else:  # the newest quiz is still open
        state = "done" if r < 0.6 else ("partial" if r < 0.8 else "none")
    if state == "none":
        return
    done = state == "done"
    start = activated + timedelta(days=rnd.uniform(0, 5), minutes=rnd.uniform(0, 300))
    start = min(start, now - timedelta(hours=2))
    answered = questions if done else questions[: rnd.randint(1, len(questions) - 1)]
    # A quiz's logs as Kolibri writes them: content_id is the exam's id, kind "quiz", and the MasteryLog
    # has a random negative mastery_level.
    session, summary = logs.content(user, exam.id, content_kinds.QUIZ, start, start, 0.0, float(done), None)
    mastery = logs.mastery(
        user,
        summary,
        rnd.randint(MIN_INTEGER, -1),
        {"type": "quiz", "coach_assigned": True},
        start,
        start,
        done,
        0.0,
    )
    t = start
    correct = 0
    for question in answered:
        right = rnd.random() < skill
        correct += right
        secs = rnd.uniform(20, 90)
        t = logs.attempt(user, session, mastery, question["item"], 1.0 if right else 0.0, t, secs, quiz=True)
    spent = (t - start).total_seconds()
    for log in (session, summary, mastery):
        log.end_timestamp = t
        log.time_spent = spent
    for log in (summary, mastery):
        log.completion_timestamp = t if done else None
    quiz, events = NotificationObjectType.Quiz, NotificationEventType
    nothing_yet = {"quiz_id": exam.id, "quiz_num_correct": 0, "quiz_num_answered": 0}
    logs.notify(quiz, events.Started, user.id, start, **nothing_yet)
    logs.notify(quiz, events.Answered, user.id, start, **nothing_yet)
    if done:
        scores = {"quiz_num_correct": correct, "quiz_num_answered": len(answered)}
        logs.notify(quiz, events.Completed, user.id, t, quiz_id=exam.id, **scores)


def build(n_learners, seed):
    """Build the class and a semester of its work; returns (classroom id, row counts, seconds taken)."""
    from django.db import transaction
    from django.utils import timezone
    from kolibri.core.logger.models import AttemptLog, ContentSessionLog, ContentSummaryLog, MasteryLog
    from kolibri.core.notifications.models import LearnerProgressNotification
    from le_utils.constants import content_kinds

    rnd = random.Random(seed)
    started = time.perf_counter()
    now = timezone.now().replace(microsecond=0)
    sem_start = now - timedelta(days=120)

    with transaction.atomic():
        facility, classroom, coach, learners = build_class(rnd, n_learners, sem_start)
        nodes, channel_id, exercise_items = build_channel(rnd, now)
        exercises = [n for n in nodes if n.kind == content_kinds.EXERCISE]
        others = [n for n in nodes if n.kind != content_kinds.EXERCISE]
        lessons = build_lessons(rnd, classroom, coach, exercises, others, channel_id, sem_start)
        exams = build_quizzes(rnd, classroom, coach, exercises, exercise_items, sem_start)

        logs = ProgressLogs(rnd, facility.dataset_id, classroom.id)
        ctx = {"now": now, "channel_id": channel_id, "exercise_items": exercise_items}
        for user in learners:
            skill = min(0.97, max(0.35, rnd.gauss(0.72, 0.12)))
            diligence = min(0.995, max(0.7, rnd.gauss(0.94, 0.05)))
            for li, (lesson, resources, lesson_start) in enumerate(lessons):
                work_on_lesson(rnd, logs, user, li, lesson, resources, lesson_start, skill, diligence, ctx)
            for ei, (exam, questions, activated) in enumerate(exams):
                take_quiz(rnd, logs, user, ei, exam, questions, activated, skill, diligence, now)
        logs.save()

    counts = {
        "learners": len(learners),
        "memberships": len(learners),
        "resources": len(nodes),
        "exercise_resources": len(exercises),
        "lessons": len(lessons),
        "lesson_resources": sum(len(resources) for _, resources, _ in lessons),
        "exams": len(exams),
        "exam_questions": sum(len(questions) for _, questions, _ in exams),
        "session_logs": ContentSessionLog.objects.count(),
        "summary_logs": ContentSummaryLog.objects.count(),
        "summary_logs_quiz": ContentSummaryLog.objects.filter(kind=content_kinds.QUIZ).count(),
        "summary_logs_progress_1": ContentSummaryLog.objects.filter(progress__gte=1).count(),
        "mastery_logs": MasteryLog.objects.count(),
        "mastery_logs_quiz": MasteryLog.objects.filter(mastery_level__lt=0).count(),
        "attempt_logs": AttemptLog.objects.count(),
        "attempt_logs_quiz": AttemptLog.objects.filter(masterylog__mastery_level__lt=0).count(),
        "notifications": LearnerProgressNotification.objects.count(),
    }
    return classroom.id, counts, time.perf_counter() - started


def existing_class():
    """The classroom id and a few counts of the class a previous run built (for --measure-only)."""
    from kolibri.core.auth.models import Classroom, Membership
    from kolibri.core.exams.models import Exam
    from kolibri.core.lessons.models import Lesson
    from kolibri.core.logger.models import AttemptLog, ContentSummaryLog, MasteryLog

    classroom_id = Classroom.objects.get(name=CLASSROOM_NAME).id
    counts = {
        "learners": Membership.objects.filter(collection_id=classroom_id).count(),
        "lessons": Lesson.objects.count(),
        "exams": Exam.objects.count(),
        "summary_logs": ContentSummaryLog.objects.count(),
        "mastery_logs": MasteryLog.objects.count(),
        "attempt_logs": AttemptLog.objects.count(),
    }
    return classroom_id, counts


def percentile(ordered, p):
    """Linear interpolation between the closest ranks (numpy's default) of an ascending list."""
    k = (len(ordered) - 1) * p / 100
    low = int(k)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (k - low)


@contextmanager
def counting_queries(aliases):
    """Count and time the SQL statements run on each database inside the block: {alias: [count, seconds]}.

    An execute wrapper rather than CaptureQueriesContext, which reads the connection's query log (emptied at
    every request's start, and only kept in DEBUG). The time is the execute() call's, as Django's debug
    cursor times it: fetching the rows is not in it.
    """
    tally = {alias: [0, 0.0] for alias in aliases}

    def wrapper_for(alias):
        def wrapper(execute, sql, params, many, context):
            started = time.perf_counter()
            try:
                return execute(sql, params, many, context)
            finally:
                tally[alias][0] += 1
                tally[alias][1] += time.perf_counter() - started

        return wrapper

    from django.db import connections

    with ExitStack() as stack:
        for alias in aliases:
            stack.enter_context(connections[alias].execute_wrapper(wrapper_for(alias)))
        yield tally


def measure(classroom_id, warmup, samples):
    """Time the class summary as the class coach: `warmup` calls, one call counting the SQL, then
    `samples` timed calls (wall time and this process's CPU time)."""
    from django.conf import settings
    from django.test import Client
    from django.urls import resolve, reverse
    from kolibri.core.auth.models import FacilityUser
    from kolibri.plugins.coach.class_summary_api import ClassSummaryViewSet

    url = reverse("kolibri:kolibri.plugins.coach:classsummary-detail", kwargs={"pk": classroom_id})
    view = getattr(resolve(url).func, "cls", None)
    assert view is ClassSummaryViewSet, (url, view)

    client = Client()
    coach = FacilityUser.objects.get(username=COACH_USERNAME)
    # Through Kolibri's own authentication backend, which needs the facility.
    logged_in = client.login(username=COACH_USERNAME, password=COACH_PASSWORD, facility=coach.facility_id)
    assert logged_in, "the coach could not log in"

    def call():
        return client.get(url, HTTP_ACCEPT="application/json")

    for _ in range(warmup):
        response = call()
        assert response.status_code == 200, (response.status_code, response.content[:500])

    with counting_queries(list(settings.DATABASES)) as tally:
        response = call()
    assert response.status_code == 200, (response.status_code, response.content[:500])
    body = response.content
    data = json.loads(body)

    wall, cpu = [], []
    for _ in range(samples):
        cpu_start = time.process_time()
        wall_start = time.perf_counter()
        response = call()
        last_bytes = len(response.content)  # the test client's response is already rendered
        wall.append((time.perf_counter() - wall_start) * 1000)
        cpu.append((time.process_time() - cpu_start) * 1000)
        assert response.status_code == 200, response.status_code
    wall.sort()
    cpu.sort()
    return {
        "url": url,
        "view": f"{view.__module__}.{view.__name__}",
        "http_status": response.status_code,
        "warmup_calls": warmup,
        "samples": samples,
        "wall_ms_p50": round(percentile(wall, 50), 1),
        "wall_ms_p95": round(percentile(wall, 95), 1),
        "wall_ms_min": round(wall[0], 1),
        "wall_ms_mean": round(statistics.mean(wall), 1),
        "cpu_ms_p50": round(percentile(cpu, 50), 1),
        "cpu_ms_p95": round(percentile(cpu, 95), 1),
        "cpu_ms_mean": round(statistics.mean(cpu), 1),
        "sql_queries": sum(count for count, _ in tally.values()),
        "sql_queries_by_db": {alias: count for alias, (count, _) in tally.items() if count},
        "sql_exec_ms_in_query_count_call": round(sum(secs for _, secs in tally.values()) * 1000, 1),
        "response_bytes": len(body),
        "response_bytes_last_sample": last_bytes,
        "learners": len(data["learners"]),
        "content_learner_status": len(data["content_learner_status"]),
        "exam_learner_status": len(data["exam_learner_status"]),
        "lessons_in_response": len(data["lessons"]),
        "exams_in_response": len(data["exams"]),
        "content_in_response": len(data["content"]),
        "coaches_in_response": len(data["coaches"]),
    }


def run(args, home):
    init_seconds = initialise_kolibri(home)

    import kolibri
    from django.conf import settings

    result = {
        "product": "Kolibri",
        "kolibri_version": kolibri.__version__,
        "python": sys.version.split()[0],
        "kolibri_home": str(home),
        "databases": {alias: str(db["NAME"]) for alias, db in settings.DATABASES.items()},
        "init_seconds": round(init_seconds, 1),
        "nproc": os.cpu_count(),
        "loadavg_start": os.getloadavg(),
    }
    if args.measure_only:
        classroom_id, counts = existing_class()
        build_seconds = None
    else:
        print(f"Building dataset ({args.learners} learners)...", flush=True)
        classroom_id, counts, build_seconds = build(args.learners, args.seed)
    result["dataset"] = counts
    result["build_seconds"] = None if build_seconds is None else round(build_seconds, 1)
    print(f"init (Kolibri setup + migrate): {init_seconds:.1f}s")
    if build_seconds is not None:
        print(f"build: {build_seconds:.1f}s")
    print("dataset:", json.dumps(counts))

    expected_learners = counts["learners"]
    runs = []
    for i in range(args.runs):
        speed = machine_speed_ms()
        m = measure(classroom_id, args.warmup, args.samples)
        m["machine_speed_loop_ms"] = speed
        m["loadavg"] = os.getloadavg()
        runs.append(m)
        assert m["http_status"] == 200, m
        assert m["learners"] == expected_learners, m
        print(
            f"run {i + 1}: p50 {m['wall_ms_p50']:.1f} ms | p95 {m['wall_ms_p95']:.1f} ms | "
            f"cpu p50 {m['cpu_ms_p50']:.1f} ms/call | "
            f"{m['sql_queries']} SQL queries {m['sql_queries_by_db']} | "
            f"{m['response_bytes']} bytes | learners {m['learners']} | "
            f"content_learner_status {m['content_learner_status']} | "
            f"exam_learner_status {m['exam_learner_status']} | "
            f"SQL exec {m['sql_exec_ms_in_query_count_call']:.0f} ms | "
            f"speed loop {m['machine_speed_loop_ms']:.0f} ms",
            flush=True,
        )
    result["runs"] = runs
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(result, indent=2) + "\n")
    print("wrote", args.out)


def main(argv=None):
    args = parse_args(argv)
    home = prepare_home(args)
    try:
        run(args, home)
    finally:
        if args.home is None:
            shutil.rmtree(home, ignore_errors=True)


if __name__ == "__main__":
    main()
