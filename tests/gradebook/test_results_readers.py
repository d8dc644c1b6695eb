"""The quiz and essay result readers, read as plain rows, equal the readers that built model instances.

The gradebook, the class overview, the student's grade page and the exports all take their cells from
assessments.quizzes.results.quiz_results and assessments.essays.results.essay_results. The references
below are those readers as they were before they stopped building an Attempt per attempt (kept verbatim
from commit 11f792c); they call the live selectors and services, so a rule changed there is a rule
changed in both. Every student here has one pattern of work on every assignment, and every assignment
one combination of grading method, review policy, release and points.
"""

import math
from collections import defaultdict
from datetime import timedelta
from decimal import Decimal
from itertools import zip_longest

import pytest
from django.utils import timezone

from assessments.essays.results import essay_results
from assessments.models import Attempt, Essay, EssayGrade
from assessments.quizzes.results import quiz_results
from assessments.results import Status, WorkResult
from tests.factories import AssignmentFactory, ClassroomFactory, teacher_of

from .conftest import add_students

pytestmark = pytest.mark.django_db


# --- The references: the readers as they were (commit 11f792c) -------------------------------------


def reference_late_days(attempt, assignment):
    """Started days after the due date at submission (0 when on time)."""
    if attempt is None or attempt.submitted_at is None or attempt.submitted_at <= assignment.due_at:
        return 0
    return math.ceil((attempt.submitted_at - assignment.due_at).total_seconds() / 86400)


def reference_counted_attempt(graded, method):
    """The attempt whose submission stands for the assignment under the grading method."""
    if method == "latest":
        return graded[-1]
    if method == "highest":
        return max(graded, key=lambda a: (a.percent, -a.number))
    return max(graded, key=lambda a: a.submitted_at)


def reference_quiz_results(assignments, student_ids, now=None):
    from assessments.quizzes.selectors import assignment_percent, score_visible
    from assessments.quizzes.services import is_expired

    now = now or timezone.now()
    quizzes = {a.pk: a for a in assignments if a.kind == "quiz"}
    if not quizzes or not student_ids:
        return {}
    by_pair = defaultdict(list)
    for attempt in Attempt.objects.filter(assignment_id__in=quizzes, student_id__in=student_ids).order_by(
        "number"
    ):
        by_pair[attempt.student_id, attempt.assignment_id].append(attempt)
    results = {}
    for (student_id, assignment_id), attempts in by_pair.items():
        assignment = quizzes[assignment_id]
        for attempt in attempts:
            attempt.assignment = assignment
        graded = [a for a in attempts if a.state == Attempt.State.SUBMITTED]
        expired = [a for a in attempts if is_expired(a, now)]
        if not graded:
            if expired:
                results[student_id, assignment_id] = WorkResult(
                    Status.SUBMITTED, submitted_at=expired[0].deadline_at, late_days=0
                )
            else:
                results[student_id, assignment_id] = WorkResult(Status.IN_PROGRESS)
            continue
        percent = assignment_percent(graded, assignment.grading_method)
        released = score_visible(assignment, now)
        counted = reference_counted_attempt(graded, assignment.grading_method)
        days = (
            max(reference_late_days(a, assignment) for a in graded)
            if assignment.grading_method == "average"
            else reference_late_days(counted, assignment)
        )
        results[student_id, assignment_id] = WorkResult(
            Status.RELEASED if released else Status.GRADED,
            score=percent / Decimal(100),
            submitted_at=max(a.submitted_at for a in graded),
            released=released,
            late_days=days,
        )
    return results


def reference_essay_score(assignment, total):
    if total is None or not assignment.points:
        return None
    return max(Decimal(0), Decimal(total) / assignment.points).quantize(Decimal("0.0001"))


def reference_essay_results(assignments, student_ids):
    by_id = {a.pk: a for a in assignments if a.kind == "essay"}
    if not by_id or not student_ids:
        return {}
    rows = (
        Essay.objects.filter(assignment_id__in=by_id, student_id__in=student_ids)
        .exclude(state=Essay.State.DRAFT, text="")
        .values_list(
            "assignment_id",
            "student_id",
            "state",
            "submitted_at",
            "late_days",
            "grade__is_complete",
            "grade__total",
        )
        .order_by()
    )
    results = {}
    for assignment_id, student_id, state, submitted_at, days, graded, total in rows:
        assignment = by_id[assignment_id]
        late = days if state == Essay.State.SUBMITTED else 0
        if state != Essay.State.SUBMITTED:
            result = WorkResult(Status.IN_PROGRESS)
        elif not graded:
            result = WorkResult(Status.SUBMITTED, submitted_at=submitted_at, late_days=late)
        else:
            released = assignment.grades_released_at is not None
            result = WorkResult(
                Status.RELEASED if released else Status.GRADED,
                score=reference_essay_score(assignment, total),
                submitted_at=submitted_at,
                released=released,
                late_days=late,
            )
        results[student_id, assignment_id] = result
    return results


# --- The work: every state a reader tells apart ------------------------------------------------------

NOW = timezone.now()
HOUR = timedelta(hours=1)
DAY = timedelta(days=1)

# Quiz attempts per student, in attempt order: (submitted at, relative to the due date, or None while
# open; score; points possible; the deadline of an open attempt, relative to now).
QUIZ_PATTERNS = {
    "nothing": [],
    "open": [(None, None, 10, HOUR)],
    "open, within the grace": [(None, None, 10, -timedelta(seconds=10))],
    "open, expired": [(None, None, 10, -HOUR)],
    "on time": [(-HOUR, "7.50", 10, None)],
    "late by a day and two hours": [(DAY + 2 * HOUR, "10", 10, None)],
    "late by exactly a day": [(DAY, "3", 10, None)],
    "no points possible": [(-HOUR, "0", 0, None)],
    "better first, worse late": [(-2 * HOUR, "9", 10, None), (DAY + HOUR, "4", 10, None)],
    "worse first, late; better on time": [(3 * DAY, "2", 10, None), (-HOUR, "8", 10, None)],
    "a tie: on time first, late second": [(-HOUR, "5", 10, None), (2 * DAY + HOUR, "10", 20, None)],
    "halves rounded up in the average": [(-3 * HOUR, "1", 3, None), (HOUR, "5", 10, None)],
    "three, one without points": [(-3 * HOUR, "0", 0, None), (-2 * HOUR, "2", 3, None), (HOUR, "1", 3, None)],
    "submitted, then open": [(-HOUR, "8", 10, None), (None, None, 10, HOUR)],
    "submitted late, then expired": [(DAY, "6", 10, None), (None, None, 10, -2 * HOUR)],
}

# (grading method, review policy, due date relative to now, late-until relative to now, released)
QUIZ_ASSIGNMENTS = [
    ("highest", "immediately", -2 * DAY, DAY, False),
    ("latest", "after_due", -2 * DAY, DAY, False),  # still open late: the score is hidden
    ("average", "after_due", -5 * DAY, None, False),  # closed: the score shows
    ("highest", "never", -5 * DAY, None, False),
    ("latest", "never", -5 * DAY, None, True),  # the teacher released the grades
    ("average", "never", -5 * DAY, -DAY, False),
    ("highest", "after_due", 3 * DAY, None, True),  # not yet due, released
    ("average", "immediately", 3 * DAY, None, False),
]

# Essays per student: (state, text, submitted at relative to the due date, late days, the grade as
# (graded, total) or None).
ESSAY_PATTERNS = {
    "nothing": None,
    "an empty draft": ("draft", "", None, 0, None),
    "a draft": ("draft", "Some words", None, 0, None),
    "returned, late and graded": ("returned", "Words", 2 * DAY, 2, (True, "15")),
    "submitted": ("submitted", "Words", -HOUR, 0, None),
    "submitted late": ("submitted", "Words", 3 * DAY, 3, None),
    "a grade being written": ("submitted", "Words", -HOUR, 0, (False, "10")),
    "graded": ("submitted", "Words", -HOUR, 0, (True, "15")),
    "graded, late": ("submitted", "Words", DAY + HOUR, 2, (True, "12.50")),
    "graded without a total": ("submitted", "Words", -HOUR, 0, (True, None)),
    "graded zero": ("submitted", "Words", -HOUR, 0, (True, "0")),
    "graded above the points": ("submitted", "Words", -HOUR, 0, (True, "25")),
    "graded to a repeating share": ("submitted", "Words", -HOUR, 1, (True, "5")),
}

# (points, released)
ESSAY_ASSIGNMENTS = [(20, False), (20, True), (7, True), (0, True), (3, False)]


def quiz_assignment(classroom, method, policy, due, late_until, released):
    return AssignmentFactory(
        classroom=classroom,
        kind="quiz",
        grading_method=method,
        review_policy=policy,
        opens_at=NOW - 10 * DAY,
        due_at=NOW + due,
        late_until=None if late_until is None else NOW + late_until,
        grades_released_at=NOW - HOUR if released else None,
    )


def essay_assignment(classroom, points, released):
    return AssignmentFactory(
        classroom=classroom,
        kind="essay",
        points=points,
        opens_at=NOW - 10 * DAY,
        due_at=NOW - 4 * DAY,
        grades_released_at=NOW - HOUR if released else None,
    )


def attempts_of(assignment, student, pattern):
    for number, (submitted, score, points, deadline) in enumerate(pattern, start=1):
        yield Attempt(
            assignment=assignment,
            student=student,
            number=number,
            state="in_progress" if submitted is None else "submitted",
            started_at=NOW - 20 * DAY,
            # A submitted attempt's deadline was later than its submission.
            deadline_at=NOW + deadline if submitted is None else assignment.due_at + submitted + HOUR,
            submitted_at=None if submitted is None else assignment.due_at + submitted,
            score=None if score is None else Decimal(score),
            max_score=Decimal(points),
        )


def write_essay(assignment, student, pattern):
    state, text, submitted, late_days, grade = pattern
    essay = Essay.objects.create(
        assignment=assignment,
        student=student,
        text=text,
        state=state,
        submitted_at=None if submitted is None else assignment.due_at + submitted,
        late_days=late_days,
    )
    if grade is not None:
        complete, total = grade
        EssayGrade.objects.create(
            essay=essay, is_complete=complete, total=None if total is None else Decimal(total)
        )


# Each removed student has the work of two others: a removed student's results are read all the same.
REMOVED = [("better first, worse late", "graded, late"), ("submitted late, then expired", "graded")]


@pytest.fixture
def school():
    """A class whose students each follow one pattern on every quiz and every essay, two of them removed."""
    classroom = ClassroomFactory()
    teacher = teacher_of(classroom)
    patterns = list(zip_longest(QUIZ_PATTERNS, ESSAY_PATTERNS, fillvalue="nothing"))
    students = add_students(classroom, len(patterns)) + add_students(
        classroom, len(REMOVED), start=len(patterns), active=False
    )
    quizzes = [quiz_assignment(classroom, *settings) for settings in QUIZ_ASSIGNMENTS]
    essays = [essay_assignment(classroom, *settings) for settings in ESSAY_ASSIGNMENTS]
    attempts = []
    for student, (quiz_pattern, essay_pattern) in zip(students, patterns + REMOVED, strict=True):
        for assignment in quizzes:
            attempts.extend(attempts_of(assignment, student, QUIZ_PATTERNS[quiz_pattern]))
        if ESSAY_PATTERNS[essay_pattern] is not None:
            for assignment in essays:
                write_essay(assignment, student, ESSAY_PATTERNS[essay_pattern])
    Attempt.objects.bulk_create(attempts)
    return classroom, teacher, students, quizzes + essays


def same(got, expected):
    """Equal, and equal in every detail equality forgives (a Decimal's digits, a str for a Status)."""
    assert got == expected
    assert repr(sorted(got.items())) == repr(sorted(expected.items()))


def test_quiz_results_equal_the_reference_in_every_state(school):
    _, teacher, students, assignments = school
    ids = [s.pk for s in students] + [teacher.pk]
    expected = reference_quiz_results(assignments, ids, now=NOW)
    assert len(expected) == len(QUIZ_ASSIGNMENTS) * (len(students) - 1)  # only "nothing" is absent
    same(quiz_results(assignments, ids, now=NOW), expected)


def test_quiz_results_cover_every_outcome(school):
    """The data tell every state apart, so the comparison above is not between look-alikes."""
    _, _, students, assignments = school
    got = quiz_results(assignments, [s.pk for s in students], now=NOW).values()
    assert {r.status for r in got} == {Status.IN_PROGRESS, Status.SUBMITTED, Status.GRADED, Status.RELEASED}
    assert {r.late_days for r in got} >= {0, 1, 2, 3}
    assert {r.score for r in got} >= {
        Decimal(0),
        Decimal("0.5"),
        Decimal("0.4167"),
        Decimal("0.75"),
        Decimal(1),
    }


def test_essay_results_equal_the_reference_in_every_state(school):
    _, teacher, students, assignments = school
    ids = [s.pk for s in students] + [teacher.pk]
    expected = reference_essay_results(assignments, ids)
    # Every student but those with nothing or an empty draft (the two removed have graded essays).
    absent = len(QUIZ_PATTERNS) - len(ESSAY_PATTERNS) + 2
    assert len(expected) == len(ESSAY_ASSIGNMENTS) * (len(students) - absent)
    same(essay_results(assignments, ids), expected)


def test_essay_results_cover_every_outcome(school):
    _, _, students, assignments = school
    got = essay_results(assignments, [s.pk for s in students]).values()
    assert {r.status for r in got} == {Status.IN_PROGRESS, Status.SUBMITTED, Status.GRADED, Status.RELEASED}
    assert {r.late_days for r in got} == {0, 1, 2, 3}
    assert {r.score for r in got} >= {None, Decimal(0), Decimal("0.7143"), Decimal("1.25")}


def test_results_for_some_students_only_equal_the_reference(school):
    """A student's own grade page reads one student; the gradebook a page of them."""
    _, _, students, assignments = school
    for ids in ([students[9].pk], [s.pk for s in students[3:8]], []):
        same(quiz_results(assignments, ids, now=NOW), reference_quiz_results(assignments, ids, now=NOW))
        same(essay_results(assignments, ids), reference_essay_results(assignments, ids))


def test_readers_take_one_query_each(school, django_assert_num_queries):
    _, _, students, assignments = school
    ids = [s.pk for s in students]
    with django_assert_num_queries(1):
        quiz_results(assignments, ids, now=NOW)
    with django_assert_num_queries(1):
        essay_results(assignments, ids)
    with django_assert_num_queries(0):
        quiz_results(assignments, [], now=NOW)
        essay_results([a for a in assignments if a.kind == "quiz"], ids)
