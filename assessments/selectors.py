"""Reads of the assessments app: the student's to-do list, the teacher's overview, class pages.

Every function here answers in a number of queries that does not grow with the size of a class
(the dashboards' tests assert it): statuses come from assessments.results.work_results in bulk.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import timedelta

from django.utils import timezone

from classroom.access import Role
from classroom.models import Membership

from .access import assignments_for
from .models import Assignment
from .results import Status, work_results

SOON = timedelta(days=7)
DONE = {Status.SUBMITTED, Status.GRADED, Status.RELEASED}
TODO_GROUPS = ["overdue", "soon", "later", "done"]


def status_for_student(result):
    """The status a student is shown: graded work reads "submitted" until the grades are released."""
    if result.status == Status.GRADED and not result.released:
        return Status.SUBMITTED
    return result.status


@dataclass
class TodoItem:
    assignment: Assignment
    result: object
    group: str

    @property
    def status(self):
        return status_for_student(self.result)

    @property
    def is_done(self):
        return self.result.status in DONE

    @property
    def accepts_late_work(self):
        return self.assignment.late_until is not None and self.group == "overdue"


def todo_group(assignment, result, now):
    """Which part of the to-do list an assignment belongs in, at the instant `now`.

    Done work is done; otherwise the due instant decides: overdue once it has passed, "soon" when
    it comes within the next 7×24 hours (inclusive), "later" after that. Instants, not calendar
    days, so the answer is the same in every time zone.
    """
    if result.status in DONE:
        return "done"
    if assignment.due_at < now:
        return "overdue"
    if assignment.due_at <= now + SOON:
        return "soon"
    return "later"


def student_todo(user, *, now=None, classroom=None):
    """{group: [TodoItem]} of the assignments open to the student (in one class, if given)."""
    now = now or timezone.now()
    assignments = assignments_for(user, role=Role.STUDENT, now=now).select_related(
        "classroom", "lesson", "quiz", "essay_prompt"
    )
    if classroom is not None:
        assignments = assignments.filter(classroom=classroom)
    assignments = list(assignments.order_by("due_at", "pk"))
    results = work_results(assignments, [user.pk])
    groups = {group: [] for group in TODO_GROUPS}
    for assignment in assignments:
        result = results[user.pk, assignment.pk]
        group = todo_group(assignment, result, now)
        groups[group].append(TodoItem(assignment, result, group))
    groups["done"].reverse()  # most recently due first
    return groups


@dataclass
class AssignmentProgress:
    assignment: Assignment
    students: int
    counts: Counter = field(default_factory=Counter)

    @property
    def done(self):
        return sum(self.counts[status] for status in DONE)

    @property
    def to_grade(self):
        return self.counts[Status.SUBMITTED] if self.assignment.kind == Assignment.Kind.ESSAY else 0

    @property
    def percent_done(self):
        return round(100 * self.done / self.students) if self.students else 0


@dataclass
class ClassOverview:
    classroom: object
    student_count: int = 0
    to_grade: int = 0
    submitted_today: int = 0
    progress: list = field(default_factory=list)


@dataclass(frozen=True)
class Submission:
    student: object
    assignment: Assignment
    submitted_at: object
    status: Status


def class_students(classroom_ids, *, active=True):
    """{classroom_id: [student user]} in name order (one query)."""
    memberships = Membership.objects.filter(classroom_id__in=classroom_ids, role=Role.STUDENT).select_related(
        "user"
    )
    if active:
        memberships = memberships.filter(is_active=True)
    students = {classroom_id: [] for classroom_id in classroom_ids}
    for membership in memberships.order_by("user__full_name", "user__username"):
        students[membership.classroom_id].append(membership.user)
    return students


def teacher_overview(classrooms, *, now=None, recent=10):
    """(ClassOverview per class, the latest submissions across them) for a teacher's dashboard."""
    now = now or timezone.now()
    classrooms = list(classrooms)
    ids = [classroom.pk for classroom in classrooms]
    students = class_students(ids)
    assignments = {classroom_id: [] for classroom_id in ids}
    for assignment in Assignment.objects.filter(classroom_id__in=ids, is_archived=False).order_by(
        "due_at", "pk"
    ):
        assignments[assignment.classroom_id].append(assignment)
    today = timezone.localdate(now)
    overviews, submissions = [], []
    for classroom in classrooms:
        overview = class_progress(classroom, assignments[classroom.pk], students[classroom.pk], now=now)
        overviews.append(overview)
        submissions.extend(overview.submissions)
        overview.submitted_today = sum(
            1 for s in overview.submissions if timezone.localdate(s.submitted_at) == today
        )
    submissions.sort(key=lambda s: s.submitted_at, reverse=True)
    return overviews, submissions[:recent]


def class_progress(classroom, assignments, students, *, now=None):
    """A ClassOverview: per-assignment status counts and the class's quiz and essay submissions."""
    overview = ClassOverview(classroom, student_count=len(students))
    by_id = {student.pk: student for student in students}
    results = work_results(assignments, list(by_id))
    overview.submissions = []
    for assignment in assignments:
        progress = AssignmentProgress(assignment, len(students))
        for student_id in by_id:
            result = results[student_id, assignment.pk]
            progress.counts[result.status] += 1
            if result.submitted_at is not None and assignment.kind != Assignment.Kind.READING:
                overview.submissions.append(
                    Submission(by_id[student_id], assignment, result.submitted_at, result.status)
                )
        overview.to_grade += progress.to_grade
        overview.progress.append(progress)
    return overview


def assignment_roster(assignment):
    """[(student, WorkResult)] for every active student of the assignment's class."""
    students = class_students([assignment.classroom_id])[assignment.classroom_id]
    results = work_results([assignment], [student.pk for student in students])
    return [(student, results[student.pk, assignment.pk]) for student in students]


def assignment_has_started(assignment):
    """Whether any student of the class, present or removed, has begun work on the assignment."""
    student_ids = Membership.objects.filter(
        classroom_id=assignment.classroom_id, role=Role.STUDENT
    ).values_list("user_id", flat=True)
    results = work_results([assignment], list(student_ids))
    return any(result.status != Status.NOT_STARTED for result in results.values())
