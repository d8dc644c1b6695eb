"""The student grade page's written-out reads and Python-built rows equal the code they replaced.

The reference is the page as it was (commit 9773431): `selectors.student_grade` (the ORM reads and the
live result readers) rendered with the template of the time, kept verbatim in reference_student.html.
The class is test_results_readers' school (every quiz and essay state the readers tell apart), with
readings read and unread, late penalties, excusals, overrides, work not yet open, archived work and
another class's work, under several grading settings and letter scales, in both audiences.
"""

import re
from datetime import timedelta
from decimal import Decimal
from http import HTTPStatus
from pathlib import Path

import pytest
from django.db import connection
from django.template import engines
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from assessments.models import Assignment
from classroom.models import Membership
from gradebook import grading, selectors
from gradebook import inputs as page_inputs
from gradebook import statistics as stats
from gradebook.models import CellOverride, Excusal, GradebookSettings, LetterBand
from gradebook.templatetags.gradebook import WorkRows
from lessons.models import ReadingProgress
from tests.factories import AssignmentFactory, ClassroomFactory

from .test_results_readers import same, school  # noqa: F401 (school: a fixture)

pytestmark = pytest.mark.django_db

REFERENCE = (Path(__file__).parent / "reference_student.html").read_text()
DAY = timedelta(days=1)


def reference_page(response, membership, audience):
    """The page as gradebook.views.grade_page rendered it before, for the request the new page served."""
    classroom = response.context["classroom"]
    now = timezone.now()
    inputs, grade = selectors.student_grade(
        classroom, membership.user, now=now, audience=audience, membership=membership
    )
    context = {
        "classroom": classroom,
        "membership": membership,
        "student": membership.user,
        "grade": grade,
        "items": inputs.items,
        "policy": inputs.policy,
        "topics": stats.topic_averages([grade], inputs.items),
        "is_teacher": audience == grading.TEACHER,
    }
    return engines["django"].from_string(REFERENCE).render(context, request=response.wsgi_request)


def main(html):
    """The page's <main>, whitespace collapsed and dropped around table tags (cells built in Python)."""
    found = re.search(r"<main\b.*?</main>", html, re.S).group(0)
    found = re.sub(r"\s+", " ", found)
    return re.sub(r"\s*(</?(?:table|thead|tbody|tr|th|td)\b[^>]*>)\s*", r"\1", found)


@pytest.fixture
def world(school):  # noqa: F811
    """The readers' school, made a whole class: readings, penalties, excusals, overrides, hidden work."""
    classroom, teacher, students, assignments = school
    now = timezone.now()
    quizzes = [a for a in assignments if a.kind == "quiz"]
    essays = [a for a in assignments if a.kind == "essay"]
    for n, assignment in enumerate(quizzes + essays):
        assignment.late_penalty_per_day = [Decimal(0), Decimal("7.5"), Decimal(10), Decimal(25)][n % 4]
        assignment.late_penalty_max = [Decimal(0), Decimal(20), Decimal(0), Decimal(50)][n % 4]
        assignment.title = [f"Work {n}", f'<b>"Work" & {n}</b>'][n % 2]
        assignment.save()
    dates = {"opens_at": now - 9 * DAY, "due_at": now - 3 * DAY}
    readings = [AssignmentFactory(classroom=classroom, kind="reading", **dates) for _ in range(3)]
    readings.append(  # a second assignment of a lesson already assigned: read once, done twice
        AssignmentFactory(classroom=classroom, kind="reading", lesson=readings[0].lesson, **dates)
    )
    readings.append(
        AssignmentFactory(classroom=classroom, kind="reading", opens_at=now - DAY, due_at=now + DAY)
    )
    across = AssignmentFactory(classroom=classroom, quiz__lesson=None, title="Final", **dates)
    AssignmentFactory(classroom=classroom, title="Not open yet", opens_at=now + DAY, due_at=now + 2 * DAY)
    archived = AssignmentFactory(classroom=classroom, title="Archived", is_archived=True, **dates)
    elsewhere = AssignmentFactory(classroom=ClassroomFactory(), title="Elsewhere", **dates)
    for n, student in enumerate(students):
        for reading in readings[: n % 4]:
            ReadingProgress.objects.get_or_create(user=student, lesson=reading.lesson)
        if n % 3 == 0:
            Excusal.objects.create(student=student, assignment=quizzes[n % len(quizzes)], reason="ill")
            Excusal.objects.create(student=student, assignment=readings[1])
            Excusal.objects.create(student=student, assignment=archived)
            Excusal.objects.create(student=student, assignment=elsewhere)
        if n % 3 == 1:
            CellOverride.objects.create(student=student, assignment=essays[n % len(essays)], percent="91.5")
            CellOverride.objects.create(student=student, assignment=quizzes[1], percent="0")
            CellOverride.objects.create(student=student, assignment=across, percent="100")
            CellOverride.objects.create(student=student, assignment=elsewhere, percent="55")
    return classroom, teacher, students


POLICIES = {
    "defaults": None,
    "weights, drops, missing not zero": (
        {"quiz_weight": 70, "essay_weight": 30, "drop_lowest_quizzes": 2, "drop_lowest_essays": 1},
        False,
        None,
    ),
    "essays only, own scale": (
        {"quiz_weight": 0, "essay_weight": 100},
        True,
        [
            ("Pass", Decimal(50), Decimal("4.0")),
            ("Fail", Decimal(0), Decimal(0)),
            ("Top", Decimal(90), Decimal(5)),
        ],
    ),
}


def apply_policy(classroom, name):
    if POLICIES[name] is None:
        return
    fields, missing_zero, scale = POLICIES[name]
    GradebookSettings.objects.create(classroom=classroom, missing_counts_as_zero=missing_zero, **fields)
    for letter, lowest, gpa in scale or []:
        LetterBand.objects.create(classroom=classroom, letter=letter, min_percent=lowest, gpa=gpa)


@pytest.mark.parametrize("policy", POLICIES)
def test_inputs_equal_class_inputs(world, policy):
    """Items, policy, results, excusals and overrides: what class_inputs reads, for each student."""
    classroom, _teacher, students = world
    apply_policy(classroom, policy)
    now = timezone.now()
    for student in students:
        member = Membership.objects.select_related("user").get(classroom=classroom, user=student)
        for student_view in (True, False):
            got = page_inputs.class_inputs(classroom, [member], now=now, student_view=student_view)
            expected = selectors.class_inputs(
                classroom,
                now=now,
                state=selectors.MembershipState.ALL,
                student_view=student_view,
                memberships=[member],
            )
            assert got.items == expected.items
            assert got.policy == expected.policy
            assert got.results.keys() == expected.results.keys()
            for work in got.results:
                same(got.results[work], expected.results[work])
            assert got.excused == expected.excused
            # Equal values; on SQLite the ORM's UNION gives 91.5 where the column (and PostgreSQL) says 91.50.
            assert got.overrides == expected.overrides


def test_inputs_cover_the_states(world):
    """The class shows every cell state, late penalties and both kinds of topic: no look-alike compare."""
    classroom, _teacher, students = world
    now = timezone.now()
    states, penalised, topics = set(), 0, set()
    for student in students:
        member = Membership.objects.select_related("user").get(classroom=classroom, user=student)
        for audience in (grading.STUDENT, grading.TEACHER):
            inputs = page_inputs.class_inputs(
                classroom, [member], now=now, student_view=audience == "student"
            )
            grade = inputs.grade(student.pk, now=now, audience=audience)
            states |= {cell.state for cell in grade.cells.values()}
            penalised += sum(1 for cell in grade.cells.values() if cell.penalty)
            topics |= {item.topic for item in inputs.items}
    assert states == {
        grading.CellState.SCORED,
        grading.CellState.MISSING,
        grading.CellState.EXCUSED,
        grading.CellState.UNGRADED,
        grading.CellState.UNRELEASED,
        grading.CellState.PENDING,
        grading.CellState.DONE,
    }
    assert penalised > 10
    assert "" in topics
    assert len(topics) > 5


@pytest.mark.parametrize("policy", POLICIES)
def test_page_equals_the_reference(client, world, policy):
    """Every student's own page, and the teacher's page of every student, show what they showed."""
    classroom, teacher, students = world
    apply_policy(classroom, policy)
    for student in students:
        membership = Membership.objects.select_related("user").get(classroom=classroom, user=student)
        if membership.is_active:
            client.force_login(student)
            response = client.get(reverse("gradebook:mine", args=[classroom.pk]))
            assert response.status_code == HTTPStatus.OK
            assert main(response.text) == main(reference_page(response, membership, grading.STUDENT))
        client.force_login(teacher)
        response = client.get(reverse("gradebook:student", args=[classroom.pk, student.pk]))
        assert response.status_code == HTTPStatus.OK
        assert main(response.text) == main(reference_page(response, membership, grading.TEACHER))


@pytest.mark.parametrize("language", ["ru", "kk"])
def test_page_equals_the_reference_in_other_languages(client, world, language):
    """Month names, numbers and labels come out as the template gave them in every language."""
    classroom, teacher, students = world
    client.force_login(teacher)
    for student in students[:6]:
        membership = Membership.objects.select_related("user").get(classroom=classroom, user=student)
        response = client.get(
            reverse("gradebook:student", args=[classroom.pk, student.pk]), HTTP_ACCEPT_LANGUAGE=language
        )
        assert response.headers["Content-Language"] == language
        assert main(response.text) == main(reference_page(response, membership, grading.TEACHER))


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("zone", ["Asia/Almaty", "UTC", "America/St_Johns"])
def test_due_dates_format_as_the_date_filter(settings, language, zone):
    """WorkRows.due gives `|date:"j M Y, H:i"` in the current zone, every month, hour and minute."""
    from django.template.defaultfilters import date
    from django.utils import translation
    from django.utils.timezone import override, template_localtime

    start = timezone.now().replace(year=2001)
    values = [start + n * timedelta(days=13, hours=7, minutes=11) for n in range(400)]
    with translation.override(language), override(zone):
        rows = WorkRows(None, None, None, is_teacher=False, use_tz=True)
        for value in values:
            assert rows.due(value) == date(template_localtime(value), WorkRows.DUE_FORMAT)


def test_student_page_queries(client, world):
    """User, the access check (which also tells the layout's roles), then assignments, standing and work
    (and the session when the database keeps it): three reads for the grade."""
    classroom, _teacher, students = world
    client.force_login(students[4])
    url = reverse("gradebook:mine", args=[classroom.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == HTTPStatus.OK
    sql = [query["sql"] for query in queries.captured_queries if "django_session" not in query["sql"]]
    assert len(sql) == 5, sql


def test_an_assignment_changed_shows_on_the_next_request(client, world):
    """Nothing is kept between requests: a renamed assignment is renamed on the very next page."""
    classroom, _teacher, students = world
    client.force_login(students[4])
    url = reverse("gradebook:mine", args=[classroom.pk])
    assert "Renamed now" not in client.get(url).text
    Assignment.objects.filter(classroom=classroom, kind="quiz").update(title="Renamed now")
    assert "Renamed now" in client.get(url).text
