"""Reads for the gradebook: everything one class's grades need, in a constant number of queries.

`class_inputs` gathers; `class_rows` and `student_grade` hand the inputs to grading.compute_grade
(through one grading.Grader per class, clock and audience: what compute_grade runs).
"""

from dataclasses import dataclass, field

from django.db.models import DecimalField, Value
from django.utils import timezone

from assessments.models import Assignment
from assessments.results import work_results_by_student
from classroom.models import Membership

from . import grading
from .models import CellOverride, CellOverrideChange, Excusal, GradebookSettings, LetterBand

NO_WORK = {}  # read only: a student with no work, excusals or overrides


class MembershipState:
    ACTIVE = "active"
    REMOVED = "removed"
    ALL = "all"
    CHOICES = (ACTIVE, REMOVED, ALL)


@dataclass
class ClassInputs:
    classroom: object
    policy: grading.Policy
    items: list
    memberships: list  # Members (or Memberships, user selected), in name order
    results: dict = field(default_factory=dict)  # student id -> {item id: WorkResult}; absent: not started
    excused: dict = field(default_factory=dict)  # student id -> {item id}
    overrides: dict = field(default_factory=dict)  # student id -> {item id: Decimal}
    graders: dict = field(default_factory=dict, repr=False)  # (now, audience) -> grading.Grader

    def grade(self, student_id, *, now, audience):
        """grading.compute_grade of the student, with the class's part of the work done once."""
        grader = self.graders.get((now, audience))
        if grader is None:
            grader = self.graders[now, audience] = grading.Grader(
                self.items, policy=self.policy, now=now, audience=audience
            )
        return grader.grade(
            self.results.get(student_id, NO_WORK),
            excused=self.excused.get(student_id, NO_WORK),
            overrides=self.overrides.get(student_id, NO_WORK),
        )


@dataclass
class Row:
    """One student's line of the gradebook."""

    membership: object
    grade: grading.Grade

    @property
    def student(self):
        return self.membership.user


def settings_for(classroom):
    """The class's settings row, unsaved with the defaults when the class has none."""
    return GradebookSettings.objects.filter(classroom=classroom).first() or GradebookSettings(
        classroom=classroom
    )


def policy_for(classroom):
    """The grading.Policy of a class (two queries: settings and letter scale)."""
    row = settings_for(classroom)
    bands = tuple(
        (band.letter, band.min_percent, band.gpa) for band in LetterBand.objects.filter(classroom=classroom)
    )
    return policy_from(row, bands)


def policy_from(row, bands):
    """The grading.Policy of a settings row (saved or not) and the class's (letter, from, GPA) bands."""
    return grading.Policy(
        weights={grading.QUIZ: row.quiz_weight, grading.ESSAY: row.essay_weight},
        drop_lowest={grading.QUIZ: row.drop_lowest_quizzes, grading.ESSAY: row.drop_lowest_essays},
        missing_counts_as_zero=row.missing_counts_as_zero,
        scale=tuple(bands) or grading.DEFAULT_SCALE,
    )


def graded_assignments(classroom, *, now, student_view=False):
    """The class's unarchived assignments (for a student: only those open), with their topics."""
    assignments = Assignment.objects.filter(classroom=classroom, is_archived=False).select_related(
        "lesson", "quiz__lesson", "essay_prompt__lesson"
    )
    if student_view:
        assignments = assignments.filter(opens_at__lte=now)
    return list(assignments.order_by("due_at", "pk"))


def item_for(assignment, *, now, topic=None):
    """The grading.Item of an assignment; `topic`: (lesson id, its str) when read already."""
    if topic is None:
        content = assignment.content
        lesson = (
            assignment.lesson
            if assignment.kind == Assignment.Kind.READING
            else getattr(content, "lesson", None)
        )
        topic = (lesson.pk, str(lesson)) if lesson else (None, "")
    released_at = assignment.grades_released_at
    return grading.Item(
        id=assignment.pk,
        kind=assignment.kind,
        title=assignment.title,
        points=assignment.points,
        due_at=assignment.due_at,
        late_penalty_per_day=assignment.late_penalty_per_day,
        late_penalty_max=assignment.late_penalty_max,
        grades_released=assignment.kind != Assignment.Kind.ESSAY
        or (released_at is not None and released_at <= now),
        topic_id=topic[0],
        topic=topic[1],
    )


@dataclass(frozen=True, slots=True)
class Student:
    """What a gradebook row shows of a student (read as a tuple: hundreds of users per class)."""

    pk: int
    username: str
    full_name: str

    def __str__(self):
        return self.get_full_name()

    def get_full_name(self):
        return self.full_name or self.username  # as classroom.models.User.get_full_name


@dataclass(frozen=True, slots=True)
class Member:
    """A student's membership of the class as the gradebook reads it: who, and whether still active."""

    user_id: int
    is_active: bool
    user: Student


def student_memberships(classroom, *, state=MembershipState.ACTIVE, student_ids=None):
    """The class's students as Members, in name order, by state (and ids, if given)."""
    memberships = Membership.objects.filter(classroom=classroom, role=Membership.Role.STUDENT)
    if state == MembershipState.ACTIVE:
        memberships = memberships.filter(is_active=True)
    elif state == MembershipState.REMOVED:
        memberships = memberships.filter(is_active=False)
    if student_ids is not None:
        memberships = memberships.filter(user_id__in=student_ids)
    return [
        Member(user_id, is_active, Student(user_id, username, full_name))
        for user_id, is_active, username, full_name in memberships.order_by(
            "user__full_name", "user__username", "pk"
        ).values_list("user_id", "is_active", "user__username", "user__full_name")
    ]


def class_inputs(
    classroom,
    *,
    now=None,
    state=MembershipState.ACTIVE,
    student_ids=None,
    student_view=False,
    memberships=None,
):
    """Everything the grades of a class's students need (or of `student_ids` only).

    `memberships` (already read, user selected) replaces the query for them.
    """
    now = now or timezone.now()
    if memberships is None:
        memberships = student_memberships(classroom, state=state, student_ids=student_ids)
    memberships = list(memberships)
    ids = [m.user_id for m in memberships]
    assignments = graded_assignments(classroom, now=now, student_view=student_view)
    inputs = ClassInputs(
        classroom=classroom,
        policy=policy_for(classroom),
        items=[item_for(a, now=now) for a in assignments],
        memberships=memberships,
    )
    if not ids or not assignments:
        return inputs
    inputs.results = work_results_by_student(assignments, ids)
    # Excusals and overrides in one query (UNION ALL): percent is None for an excusal.
    excusals = (
        Excusal.objects.filter(assignment__in=assignments, student_id__in=ids)
        .annotate(percent=Value(None, output_field=DecimalField(max_digits=5, decimal_places=2)))
        .values_list("student_id", "assignment_id", "percent", Value(True))
    )
    overrides = CellOverride.objects.filter(assignment__in=assignments, student_id__in=ids).values_list(
        "student_id", "assignment_id", "percent", Value(False)
    )
    for student_id, assignment_id, percent, excused in excusals.union(overrides, all=True):
        if excused:
            inputs.excused.setdefault(student_id, set()).add(assignment_id)
        else:
            inputs.overrides.setdefault(student_id, {})[assignment_id] = percent
    return inputs


SORTS = ("name", "-name", "grade", "-grade")


def class_rows(inputs, *, now=None, audience=grading.TEACHER, sort="name"):
    """Every student's Row, sorted by name or by final percentage (no grade last)."""
    now = now or timezone.now()
    rows = [Row(m, inputs.grade(m.user_id, now=now, audience=audience)) for m in inputs.memberships]
    if sort in ("grade", "-grade"):
        graded = [r for r in rows if r.grade.percent is not None]
        ungraded = [r for r in rows if r.grade.percent is None]
        graded.sort(key=lambda r: r.grade.percent, reverse=sort == "-grade")
        rows = graded + ungraded
    elif sort == "-name":
        rows.reverse()
    return rows


def student_grade(classroom, student, *, now=None, audience=grading.STUDENT, membership=None):
    """(inputs, Grade) of one student; the student's own view sees only open work and released grades.

    `membership`: the student's membership in the class when the caller has it (one query fewer).
    """
    now = now or timezone.now()
    inputs = class_inputs(
        classroom,
        now=now,
        state=MembershipState.ALL,
        student_ids=[student.pk],
        student_view=audience == grading.STUDENT,
        memberships=None if membership is None else [membership],
    )
    return inputs, inputs.grade(student.pk, now=now, audience=audience)


def cell_history(student, assignment):
    return list(
        CellOverrideChange.objects.filter(student=student, assignment=assignment).select_related("changed_by")
    )
