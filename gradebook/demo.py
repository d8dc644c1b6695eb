"""Demo data, part 4 (after the assessments part): the demo class's gradebook settings, a couple of
excused pieces of work and an override with its history, so the demo gradebook shows every state.

Safe to run again: each piece is created only when missing.
"""

from decimal import Decimal

from assessments.models import Assignment

from . import services
from .models import CellOverride, Excusal, GradebookSettings

EXCUSALS = [  # (student index, kind, which past-due assignment of that kind, reason)
    (4, Assignment.Kind.QUIZ, 0, "Medical certificate for the week of the quiz."),
    (11, Assignment.Kind.ESSAY, 0, "Represented the university at a debate tournament."),
]
OVERRIDE = (2, Assignment.Kind.QUIZ, 0)
OVERRIDE_STEPS = [  # (percent, reason): the history the demo cell shows
    (Decimal(80), "Question 4 was ambiguous: counted as correct for everyone who chose 1929."),
    (Decimal(85), "Second look after the appeal: the short answer used an accepted spelling."),
]


def seed(demo):
    if demo.classroom is None:
        return
    GradebookSettings.objects.get_or_create(
        classroom=demo.classroom,
        defaults={
            "quiz_weight": Decimal(40),
            "essay_weight": Decimal(60),
            "drop_lowest_quizzes": 1,
            "drop_lowest_essays": 0,
            "missing_counts_as_zero": True,
        },
    )
    past = {
        kind: list(
            Assignment.objects.filter(
                classroom=demo.classroom, kind=kind, is_archived=False, due_at__lt=demo.now
            ).order_by("due_at", "pk")
        )
        for kind in (Assignment.Kind.QUIZ, Assignment.Kind.ESSAY)
    }
    teacher = demo.teachers[0] if demo.teachers else None
    for student_index, kind, position, reason in EXCUSALS:
        assignment = pick(past[kind], position)
        student = pick(demo.students, student_index)
        if (
            assignment
            and student
            and not Excusal.objects.filter(student=student, assignment=assignment).exists()
        ):
            services.excusal_set(
                student=student, assignment=assignment, excused=True, reason=reason, by=teacher
            )
    student_index, kind, position = OVERRIDE
    assignment, student = pick(past[kind], position), pick(demo.students, student_index)
    if (
        assignment
        and student
        and not CellOverride.objects.filter(student=student, assignment=assignment).exists()
    ):
        for percent, reason in OVERRIDE_STEPS:
            services.cell_override_set(
                student=student, assignment=assignment, percent=percent, reason=reason, by=teacher
            )


def pick(sequence, index):
    return sequence[index] if index < len(sequence) else None
