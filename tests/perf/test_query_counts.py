"""Every page answers in at most 12 SQL queries, and in the same number for a class of 50 as of 500.

One synthetic world (bench.build: a class of 50 and a class of 500, each with the whole course
assigned and nearly every student's work) is built once for this module and flushed afterwards.
"""

from http import HTTPStatus

import pytest
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Essay
from assessments.quizzes.services import attempt_start
from bench.build import build

MAX_QUERIES = 12
SIZES = (50, 500)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        built = build(sizes=SIZES, detailed=12, log=lambda *args: None)
        yield built
        call_command("flush", interactive=False, verbosity=0)


def student_dashboard(cw):
    return cw.bench_student, reverse("classroom:dashboard")


def lesson(cw):
    return cw.bench_student, reverse("lessons:detail", args=[cw.assignments["reading"][0].lesson.slug])


def quiz_page(cw):
    attempt = attempt_start(assignment=cw.final_exam, student=cw.bench_student)
    return cw.bench_student, reverse("assessments:quizzes:attempt", args=[attempt.pk])


def essay_page(cw):
    return cw.bench_student, reverse("assessments:essays:write", args=[cw.open_essay.pk])


def grader(cw):
    essay = Essay.objects.filter(assignment=cw.past_essay, state=Essay.State.SUBMITTED).order_by("pk")[3]
    return cw.teacher, reverse("assessments:essays:grade", args=[cw.past_essay.pk, essay.pk])


def gradebook_page(cw):
    return cw.teacher, reverse("gradebook:class", args=[cw.classroom.pk])


def class_overview(cw):
    return cw.teacher, reverse("gradebook:overview", args=[cw.classroom.pk])


def student_grade_page(cw):
    return cw.bench_student, reverse("gradebook:mine", args=[cw.classroom.pk])


def teacher_student_grade_page(cw):
    return cw.teacher, reverse("gradebook:student", args=[cw.classroom.pk, cw.students[5].pk])


def item_analysis(cw):
    return cw.teacher, reverse("assessments:quizzes:analysis", args=[cw.past_quiz.pk])


PAGES = [
    student_dashboard,
    lesson,
    quiz_page,
    essay_page,
    grader,
    gradebook_page,
    class_overview,
    student_grade_page,
    teacher_student_grade_page,
    item_analysis,
]


def count_queries(class_world, page):
    user, url = page(class_world)
    client = Client()
    client.force_login(user)
    assert client.get(url).status_code == HTTPStatus.OK  # warm: first-request caches
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == HTTPStatus.OK
    return len(queries.captured_queries)


@pytest.mark.django_db
@pytest.mark.parametrize("page", PAGES, ids=[page.__name__ for page in PAGES])
def test_page_queries_do_not_grow_with_the_class(world, page):
    """The page needs the same number of queries for 50 students as for 500, and at most 12."""
    small, large = (next(c for c in world.classes if len(c.students) == size) for size in SIZES)
    counts = [count_queries(small, page), count_queries(large, page)]
    assert counts[0] == counts[1], f"{page.__name__}: {counts[0]} queries at 50 students, {counts[1]} at 500"
    assert counts[1] <= MAX_QUERIES, f"{page.__name__}: {counts[1]} queries"
