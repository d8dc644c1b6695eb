"""The overview's written-out work query against a plain ORM reading of the same rules, on generated data.

Every kind of work in every state it can be in (and work that must not count: removed students', other
classes' students', archived assignments'), with a few random mixes; the page's cells, its row and column
counts and `work_states` must all agree with the reference, cell by cell.
"""

import random
import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Attempt, Essay, EssayGrade
from assessments.quizzes.services import GRACE
from gradebook import overview
from lessons.models import ReadingProgress
from tests.factories import AssignmentFactory, ClassroomFactory, teacher_of

from .conftest import add_students

QUIZ_CASES = [
    "none",
    "submitted",
    "open",
    "open, past its deadline",
    "open, past its deadline within the grace",
    "submitted, then open",
    "submitted twice",
]
ESSAY_CASES = [
    "none",
    "empty draft",
    "draft",
    "submitted",
    "submitted, grade in progress",
    "submitted, graded",
    "returned",
    "returned, graded",
]
ROW = re.compile(r'<tr><th scope="row" class="ov-name"><a href="[^"]+">([^<]+)</a></th>(.*?)</tr>')
CELL = re.compile(r'<td class="ov-([a-z-]+)" title="[^"]+">')
COUNT = re.compile(r'<td class="ov-count">(\d+)/(\d+)</td>')


def make_attempt(assignment, student, number, state, deadline, now):
    submitted = state == Attempt.State.SUBMITTED
    return Attempt.objects.create(
        assignment=assignment,
        student=student,
        number=number,
        state=state,
        started_at=now - timedelta(hours=3),
        deadline_at=deadline,
        submitted_at=now - timedelta(hours=2) if submitted else None,
        score=Decimal(5) if submitted else None,
        max_score=Decimal(10),
    )


def add_quiz_work(assignment, student, case, now):
    past, soon = now - timedelta(hours=1), now + timedelta(hours=1)
    submitted, open_ = Attempt.State.SUBMITTED, Attempt.State.IN_PROGRESS
    attempts = {
        "none": [],
        "submitted": [(submitted, past)],
        "open": [(open_, soon)],
        "open, past its deadline": [(open_, now - GRACE - timedelta(seconds=5))],
        "open, past its deadline within the grace": [(open_, now - GRACE + timedelta(seconds=20))],
        "submitted, then open": [(submitted, past), (open_, soon)],
        "submitted twice": [(submitted, past), (submitted, past)],
    }[case]
    for number, (state, deadline) in enumerate(attempts, start=1):
        make_attempt(assignment, student, number, state, deadline, now)


def add_essay_work(assignment, student, case, now):
    if case == "none":
        return
    state = {"empty draft": "draft", "draft": "draft", "returned": "returned", "returned, graded": "returned"}
    essay = Essay.objects.create(
        assignment=assignment,
        student=student,
        text="" if case == "empty draft" else "Some words",
        state=state.get(case, Essay.State.SUBMITTED),
        submitted_at=now - timedelta(hours=1),
    )
    if "grade" in case:
        EssayGrade.objects.create(
            essay=essay, is_complete=case.endswith("graded"), total=Decimal(12), rubric_points=Decimal(12)
        )


def reference_state(assignment, student, now):
    """Where the student stands, read with the ORM one cell at a time, as the rules say it."""
    state = None
    if assignment.kind == "reading":
        if ReadingProgress.objects.filter(user=student, lesson=assignment.lesson).exists():
            state = overview.DONE
    elif assignment.kind == "quiz":
        attempts = list(Attempt.objects.filter(assignment=assignment, student=student))
        if any(a.state == Attempt.State.SUBMITTED or a.deadline_at < now - GRACE for a in attempts):
            state = overview.DONE
        elif attempts:
            state = overview.IN_PROGRESS
    else:
        essay = Essay.objects.filter(assignment=assignment, student=student).first()
        if essay is None or (essay.state == Essay.State.DRAFT and not essay.text):
            state = None
        elif essay.state != Essay.State.SUBMITTED:
            state = overview.IN_PROGRESS
        elif EssayGrade.objects.filter(essay=essay, is_complete=True).exists():
            state = overview.DONE
        else:
            state = overview.TO_GRADE
    return state


def build(seed):
    """A class with every case of every kind of work, in a random mix; work that must not count too."""
    rng = random.Random(seed)
    now = timezone.now()
    classroom, other = ClassroomFactory(), ClassroomFactory()
    teacher_of(classroom)
    students = add_students(classroom, 20)
    removed = add_students(classroom, 3, start=50, active=False)
    outsiders = add_students(other, 3, start=80)
    past = {"opens_at": now - timedelta(days=10), "due_at": now - timedelta(days=2)}
    future = {"opens_at": now - timedelta(days=1), "due_at": now + timedelta(days=rng.randint(1, 9))}
    readings = [AssignmentFactory(classroom=classroom, kind="reading", **dates) for dates in (past, future)]
    # The same lesson assigned twice; and in the other class (reading is per lesson, not per class).
    readings.append(AssignmentFactory(classroom=classroom, kind="reading", lesson=readings[0].lesson, **past))
    AssignmentFactory(classroom=other, kind="reading", lesson=readings[1].lesson, **past)
    quizzes = [AssignmentFactory(classroom=classroom, kind="quiz", **dates) for dates in (past, future, past)]
    essays = [
        AssignmentFactory(classroom=classroom, kind="essay", **dates) for dates in (past, future, future)
    ]
    archived = AssignmentFactory(classroom=classroom, kind="quiz", is_archived=True, **past)
    lessons = {a.lesson_id: a.lesson for a in readings}
    everyone = students + removed + outsiders
    for n, student in enumerate(everyone):
        for lesson in lessons.values():
            if rng.random() < 0.6:
                ReadingProgress.objects.create(user=student, lesson=lesson)
        for m, quiz in enumerate([*quizzes, archived]):
            # Every case at least once per quiz, then at random.
            case = QUIZ_CASES[(n + m) % len(QUIZ_CASES)] if n < len(QUIZ_CASES) else rng.choice(QUIZ_CASES)
            add_quiz_work(quiz, student, case, now)
        for m, essay in enumerate(essays):
            case = (
                ESSAY_CASES[(n + m) % len(ESSAY_CASES)] if n < len(ESSAY_CASES) else rng.choice(ESSAY_CASES)
            )
            add_essay_work(essay, student, case, now)
    assignments = sorted([*readings, *quizzes, *essays], key=lambda a: (a.due_at, a.pk))
    return classroom, students, removed + outsiders, assignments, now


def page_grid(result):
    """{student name: ([cell states], done count, columns)} from the overview's rows."""
    grid = {}
    for name, cells in ROW.findall(str(result.rows_html)):
        done, total = COUNT.search(cells).groups()
        grid[name] = (CELL.findall(cells), int(done), int(total))
    return grid


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_page_agrees_with_the_orm_reading_cell_by_cell(db, seed):
    """Every cell, every row's done count and every column's counts are the reference's."""
    classroom, students, _, assignments, now = build(seed)
    expected = {}
    for student in sorted(students, key=lambda s: (s.full_name, s.username)):
        row = []
        for assignment in assignments:
            state = reference_state(assignment, student, now)
            row.append(state or (overview.MISSING if now > assignment.due_at else overview.NOT_STARTED))
        expected[student.full_name] = (row, row.count(overview.DONE), len(assignments))

    result = overview.class_overview(classroom, now=now)

    assert [c.assignment.pk for c in result.columns] == [a.pk for a in assignments]
    assert result.students == len(students)
    assert page_grid(result) == expected
    assert list(page_grid(result)) == list(expected)  # in name order
    for n, column in enumerate(result.columns):
        states = [row[n] for row, _, _ in expected.values()]
        assert (column.done, column.to_grade) == (
            states.count(overview.DONE),
            states.count(overview.TO_GRADE),
        )


@pytest.mark.parametrize("seed", [4, 5])
def test_work_states_agree_with_the_orm_reading(db, seed):
    """For a list of ids (the class's and others'), the work that exists and its state."""
    _, students, others, assignments, now = build(seed)
    wanted = students[::2] + others
    states = overview.work_states(assignments, [s.pk for s in wanted], now)
    for student in wanted:
        expected = {}
        for assignment in assignments:
            if state := reference_state(assignment, student, now):
                expected[assignment.pk] = state
        assert states.get(student.pk, {}) == expected, student.full_name


def test_students_not_asked_for_have_no_reading_or_quiz_states(db):
    """Readings and quizzes are read for the students asked for only (essays by assignment)."""
    _, students, others, assignments, now = build(6)
    states = overview.work_states(assignments, [students[0].pk], now)
    kinds = {a.pk: a.kind for a in assignments}
    for student in students[1:] + others:
        assert {kinds[pk] for pk in states.get(student.pk, {})} <= {"essay"}


def test_no_students_or_no_assignments(db):
    """No students asked for: no readings or quizzes; nothing assigned: nothing; an empty class: no rows."""
    classroom, students, _, assignments, now = build(7)
    kinds = {a.pk: a.kind for a in assignments}
    found = overview.work_states(assignments, [], now)
    assert {kinds[pk] for states in found.values() for pk in states} <= {"essay"}
    assert overview.work_states([], [s.pk for s in students], now) == {}
    result = overview.class_overview(ClassroomFactory(), now=now)
    assert (result.students, result.columns, str(result.rows_html)) == (0, [], "")
