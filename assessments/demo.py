"""Demo data, part 3: the course assigned to the demo class, with past, current and future dates.

Content is looked up by slug; whatever is not loaded (`manage.py load_course`) is skipped quietly.
Then the quiz and essay parts add attempts and essays, if those modules exist. Safe to run again:
an assignment is found by its class and content, and a second run changes nothing.
"""

import importlib
import zlib
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from lessons.models import Lesson, ReadingProgress

from .models import Assignment, EssayPrompt, Quiz

TOPICS = ["industrialization", "collectivization", "cultural-policy", "repressions", "alash"]
# Topic i starts (opens) at now - 30 days + 8 days × i: two topics in the past, one current,
# one due soon, one not open yet.
FIRST_START_DAYS = -30
DAYS_BETWEEN_TOPICS = 8
ESSAYS = {  # topic -> essay prompt slug
    "industrialization": "industrialization-motives",
    "cultural-policy": "cultural-policy-alphabet",
    "repressions": "repressions-two-waves",
    "alash": "alash-autonomy-not-independence",
}
# Share of students (percent) who have marked each topic's reading read.
# The students' quiz attempts and essays, from the engineers of those parts (if present).
WORK_PARTS = ("assessments.quizzes.demo", "assessments.essays.demo")
READ_SHARE = {
    "industrialization": 92,
    "collectivization": 76,
    "cultural-policy": 56,
    "repressions": 28,
    "alash": 0,
}


def seed(demo):
    if demo.classroom is None:
        return
    teacher = demo.teachers[0] if demo.teachers else None
    lessons = Lesson.objects.in_bulk(TOPICS, field_name="slug")
    quizzes = Quiz.objects.in_bulk([f"{topic}-quiz" for topic in TOPICS] + ["final-exam"], field_name="slug")
    prompts = EssayPrompt.objects.in_bulk(list(ESSAYS.values()), field_name="slug")
    for index, topic in enumerate(TOPICS):
        start = at(demo.now, days=FIRST_START_DAYS + DAYS_BETWEEN_TOPICS * index, hour=8)
        lesson = lessons.get(topic)
        if lesson is not None:
            assign(
                demo,
                teacher,
                "reading",
                lesson,
                title=f"Read: {lesson.title}",
                opens_at=start,
                due_at=at(start, days=4, hour=23, minute=59),
                points=Decimal(10),
            )
            mark_readings(demo, lesson, READ_SHARE[topic], start)
        quiz = quizzes.get(f"{topic}-quiz")
        if quiz is not None:
            due = at(start, days=7, hour=23, minute=59)
            assign(
                demo,
                teacher,
                "quiz",
                quiz,
                title=quiz.title,
                opens_at=at(start, days=2, hour=8),
                due_at=due,
                late_until=due + timedelta(days=2),
                points=Decimal(20),
                late_penalty_per_day=Decimal(10),
                late_penalty_max=Decimal(30),
                max_attempts=2,
                time_limit_minutes=30,
                review_policy=Assignment.ReviewPolicy.AFTER_DUE,
                shuffle_questions=True,
            )
        prompt = prompts.get(ESSAYS.get(topic))
        if prompt is not None:
            due = at(start, days=10, hour=23, minute=59)
            assign(
                demo,
                teacher,
                "essay",
                prompt,
                title=prompt.title,
                opens_at=start,
                due_at=due,
                late_until=due + timedelta(days=3),
                points=Decimal(30),
                late_penalty_per_day=Decimal(5),
                late_penalty_max=Decimal(25),
                allow_resubmission=topic == "cultural-policy",
            )
    exam = quizzes.get("final-exam")
    if exam is not None:
        opens = at(demo.now, days=20, hour=9)
        assign(
            demo,
            teacher,
            "quiz",
            exam,
            title=exam.title,
            opens_at=opens,
            due_at=at(opens, days=7, hour=18),
            points=Decimal(100),
            max_attempts=1,
            time_limit_minutes=90,
            review_policy=Assignment.ReviewPolicy.AFTER_DUE,
            shuffle_questions=True,
        )
    for part in WORK_PARTS:
        try:
            module = importlib.import_module(part)
        except ModuleNotFoundError as error:
            if error.name != part:
                raise
            continue
        module.seed(demo)


def at(moment, *, days=0, hour, minute=0):
    """`days` after `moment`, at hour:minute Almaty time."""
    local = timezone.localtime(moment) + timedelta(days=days)
    return local.replace(hour=hour, minute=minute, second=0, microsecond=0)


def assign(demo, teacher, kind, content, **fields):
    field = {"reading": "lesson", "quiz": "quiz", "essay": "essay_prompt"}[kind]
    assignment, _ = Assignment.objects.get_or_create(
        classroom=demo.classroom, kind=kind, **{field: content}, defaults={"created_by": teacher, **fields}
    )
    return assignment


def mark_readings(demo, lesson, share, opened):
    """The same students every run (a hash of username and lesson, not the random source)."""
    for student in demo.students:
        roll = zlib.crc32(f"{student.username}:{lesson.slug}".encode()) % 100
        if roll >= share:
            continue
        progress, created = ReadingProgress.objects.get_or_create(user=student, lesson=lesson)
        if created:
            read_at = min(opened + timedelta(hours=6 + roll), demo.now)
            ReadingProgress.objects.filter(pk=progress.pk).update(read_at=read_at)
