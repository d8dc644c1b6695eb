"""Demo data, quizzes: finished attempts on the demo class's past quizzes, and some in progress now.

Called by assessments/demo.py after it creates the assignments. Each student's answers come from a
random source seeded by their username and the quiz, so every run builds the same attempts; a student
who already has an attempt on a quiz is left alone, so a second run changes nothing.
"""

import random
import zlib
from datetime import timedelta

from assessments.models import Assignment, Attempt

from . import services
from .answers import choice_token

# Quizzes still open now: a few students are half-way through an attempt.
IN_PROGRESS_STUDENTS = 3
SKIP_SHARE = 12  # percent of students who never took a closed quiz


def seed(demo):
    if demo.classroom is None or not demo.students:
        return
    quizzes = Assignment.objects.filter(
        classroom=demo.classroom, kind=Assignment.Kind.QUIZ, opens_at__lte=demo.now, is_archived=False
    ).select_related("quiz")
    for assignment in quizzes:
        already = set(Attempt.objects.filter(assignment=assignment).values_list("student_id", flat=True))
        is_open = assignment.closes_at > demo.now
        for index, student in enumerate(demo.students):
            if student.pk in already:
                continue
            seed_value = zlib.crc32(f"{student.username}:{assignment.quiz.slug}".encode())
            rng = random.Random(seed_value)  # noqa: S311 - demo data, repeatable on purpose
            skill = 0.35 + 0.6 * rng.random()
            if is_open:
                if index < IN_PROGRESS_STUDENTS:
                    take(
                        assignment, student, rng, skill, started=demo.now - timedelta(minutes=8), finish=False
                    )
                elif index % 3 == 0:
                    take(
                        assignment,
                        student,
                        rng,
                        skill,
                        started=demo.now - timedelta(hours=5 + index),
                        finish=True,
                    )
                continue
            if rng.randrange(100) < SKIP_SHARE:
                continue
            window = (assignment.closes_at - assignment.opens_at).total_seconds()
            started = assignment.opens_at + timedelta(seconds=window * rng.uniform(0.1, 0.85))
            take(assignment, student, rng, skill, started=started, finish=True)
            if assignment.max_attempts > 1 and skill < 0.6 and rng.random() < 0.5:
                again = started + timedelta(hours=2)
                if again + timedelta(minutes=30) < assignment.closes_at:
                    take(assignment, student, rng, min(1.0, skill + 0.2), started=again, finish=True)


def take(assignment, student, rng, skill, *, started, finish):
    """One attempt: each question answered right with probability `skill`, then submitted (or not)."""
    attempt = services.attempt_start(assignment=assignment, student=student, now=started)
    rows = list(attempt.attempt_questions.select_related("question").order_by("position"))
    if not finish:
        rows = rows[: len(rows) // 2]
    moment = started
    for row in rows:
        moment += timedelta(seconds=rng.randint(30, 150))
        payload = demo_payload(attempt, row.question, rng.random() < skill, rng)
        if payload is not None:
            services.answer_save(attempt=attempt, payload=payload, now=min(moment, attempt.deadline_at))
    if finish:
        services.attempt_submit(attempt=attempt, now=min(moment + timedelta(seconds=40), attempt.deadline_at))
    return attempt


def demo_payload(attempt, question, right, rng):
    """A right or a plausible wrong answer to `question`, as the page would post it."""
    choices = list(question.choices.order_by("position"))
    payload = {"question": question.pk}
    kind = question.kind
    if kind == "single_choice":
        pool = [c for c in choices if c.is_correct == right] or choices
        payload["choice"] = rng.choice(pool).pk
    elif kind == "multiple_response":
        picks = [c.pk for c in choices if c.is_correct]
        if not right:
            picks = picks[1:] + [c.pk for c in choices if not c.is_correct][:1]
        payload["choices"] = picks
    elif kind == "true_false":
        payload["value"] = question.true_false_answer if right else not question.true_false_answer
    elif kind == "short_answer":
        accepted = list(question.accepted_answers.all())
        payload["text"] = rng.choice(accepted).text if right and accepted else "I am not sure"
    elif kind == "numeric":
        if question.numeric_answer is None:
            return None
        payload["number"] = str(question.numeric_answer + (0 if right else rng.choice([-3, -1, 2, 10])))
    elif kind == "ordering":
        ordered = sorted(choices, key=lambda c: c.correct_rank or 0)
        if not right and len(ordered) > 1:
            index = rng.randrange(len(ordered) - 1)
            ordered[index], ordered[index + 1] = ordered[index + 1], ordered[index]
        payload["order"] = [choice_token(attempt.pk, c.pk) for c in ordered]
    elif kind == "matching":
        rights = [c.pk for c in choices]
        if not right and len(rights) > 1:
            rights = rights[1:2] + rights[:1] + rights[2:]
        payload["matches"] = {
            choice_token(attempt.pk, c.pk): choice_token(attempt.pk, r)
            for c, r in zip(choices, rights, strict=True)
        }
    return payload
