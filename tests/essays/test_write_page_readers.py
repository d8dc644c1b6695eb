"""The writing page reads its access, essay, grade and versions in written-out SQL: the same page as before.

The reference below is the view as it was, on the ORM (access_assignment, the essay with select_related
and a prefetch of the scores, the versions with only()). For each state a student's page can be in, the
page served now is byte for byte the page the reference renders for the same request (only the CSRF
tokens, masked afresh on every use, are set aside).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone

from assessments.access import access_assignment
from assessments.essays import services
from assessments.essays.views import _local, fixed_parts
from assessments.models import Assignment, CriterionScore, Essay
from classroom.models import Membership
from kzcourse.decimals import round_points
from tests.factories import ClassroomFactory, student_of, teacher_of

from .conftest import words

pytestmark = pytest.mark.django_db


def reference_feedback(assignment, essay):
    if essay is None or assignment.grades_released_at is None:
        return None
    grade = getattr(essay, "grade", None)
    if grade is None or not grade.is_complete or essay.state != essay.State.SUBMITTED:
        return None
    scores = {s.criterion_id: s for s in grade.scores.all()}
    penalty = services.late_penalty_percent(assignment, essay.late_days)
    final = round_points(grade.total * (Decimal(100) - penalty) / Decimal(100))
    return {"grade": grade, "scores": scores, "penalty": penalty, "final": final}


def reference_write(request, assignment_id):
    """assessments.essays.views.write as it was before its reads were written out."""
    assignment = access_assignment(request.user, assignment_id, role=Membership.Role.STUDENT)
    if assignment.kind != assignment.Kind.ESSAY:
        raise Http404
    essay = (
        Essay.objects.filter(assignment=assignment, student=request.user)
        .select_related("grade")
        .prefetch_related(
            Prefetch("grade__scores", queryset=CriterionScore.objects.select_related("level", "criterion"))
        )
        .order_by()
        .first()
    )
    if essay is not None:
        essay.assignment = assignment
    now = timezone.now()
    editable = (essay is None or not essay.is_locked) and (
        now <= assignment.closes_at or (essay is not None and essay.state == essay.State.RETURNED)
    )
    feedback = reference_feedback(assignment, essay)
    criteria = None
    if feedback:
        criteria = services.rubric_of(assignment)
        for criterion in criteria:
            criterion.score = feedback["scores"].get(criterion.pk)
    fixed = fixed_parts(assignment, criteria)
    versions = []
    if essay:
        versions = list(
            essay.versions.order_by("-created_at", "-pk").only(
                "pk", "essay_id", "created_at", "word_count", "is_submission"
            )[:40]
        )
    return render(
        request,
        "assessments/essays/write.html",
        {
            "assignment": assignment,
            "fixed": fixed,
            "criteria": criteria,
            "essay": essay,
            "min_words": fixed["min_words"],
            "max_words": fixed["max_words"],
            "editable": editable,
            "can_reopen": essay is not None
            and essay.is_locked
            and assignment.allow_resubmission
            and now <= assignment.closes_at
            and not (getattr(essay, "grade", None) and essay.grade.is_complete),
            "is_late_now": now > assignment.due_at,
            "versions": versions,
            "feedback": feedback,
            "saved_at": _local(essay.saved_at) if essay else "",
        },
    )


CSRF_TOKEN = re.compile(r"\b[A-Za-z0-9]{64}\b")


def without_csrf_tokens(html):
    return CSRF_TOKEN.sub("<csrf>", html)


def assert_same_page(client, student, assignment):
    client.force_login(student)
    response = client.get(reverse("assessments:essays:write", args=[assignment.pk]))
    assert response.status_code == 200
    request = response.wsgi_request
    del request._kz_roles  # the reference reads the navbar's roles itself
    expected = reference_write(request, assignment.pk)
    page = without_csrf_tokens(response.content.decode())
    assert page == without_csrf_tokens(expected.content.decode())
    return page


def at(assignment, **shift):
    return assignment.due_at + timedelta(**shift)


def level_ids(assignment, position):
    return {c.pk: c.levels.get(position=position).pk for c in assignment.essay_prompt.criteria.all()}


def graded(assignment, student, teacher, *, submitted_at=None, complete=True, release=True, comment=""):
    essay = services.essay_submit(
        assignment=assignment, student=student, text=words(12), revision=1, now=submitted_at
    )
    criterion = assignment.essay_prompt.criteria.first()
    services.essay_grade(
        essay=essay,
        teacher=teacher,
        version=0,
        levels=level_ids(assignment, 2),
        comments={criterion.pk: f"On {criterion.name}: <b>good</b>\nand clear"},
        overall_comment=comment,
        complete=complete,
    )
    if release:
        services.essay_grades_release(assignment=assignment, teacher=teacher)
    return essay


def drafts(assignment, student, count, text="Draft & <notes>"):
    start = timezone.now() - timedelta(hours=count)
    for n in range(1, count + 1):
        services.essay_autosave(
            assignment=assignment,
            student=student,
            text=f"{text} {'word ' * n}",
            revision=n,
            now=start + timedelta(minutes=10 * n),
        )


STATES = {
    "before the first save": lambda a, s, t: None,
    "a draft with one version": lambda a, s, t: drafts(a, s, 1),
    "a draft with many versions": lambda a, s, t: drafts(a, s, 6),
    "submitted, may reopen": lambda a, s, t: (
        Assignment.objects.filter(pk=a.pk).update(allow_resubmission=True),
        services.essay_submit(assignment=a, student=s, text=words(12), revision=1),
    ),
    "submitted late, no reopening": lambda a, s, t: services.essay_submit(
        assignment=a, student=s, text=words(12), revision=1, now=at(a, days=1, hours=2)
    ),
    "graded, not released": lambda a, s, t: graded(a, s, t, release=False),
    "graded and released": lambda a, s, t: graded(a, s, t, comment="Well argued.\nCite more."),
    "graded late and released": lambda a, s, t: graded(a, s, t, submitted_at=at(a, days=2, hours=1)),
    "grading unfinished, released": lambda a, s, t: graded(a, s, t, complete=False),
    "returned for revision": lambda a, s, t: services.essay_return(
        essay=services.essay_submit(assignment=a, student=s, text=words(12), revision=1),
        teacher=t,
        note="Add a conclusion.\n<Thanks>",
        notify_student=False,
    ),
}


@pytest.mark.parametrize("state", sorted(STATES))
def test_the_page_is_the_one_the_orm_readers_gave(client, classroom, student, teacher, assignment, state):
    STATES[state](assignment, student, teacher)
    assert_same_page(client, student, assignment)


def test_late_now_and_closed_pages_are_the_same_too(client, classroom, student, teacher, assignment):
    drafts(assignment, student, 2)
    Assignment.objects.filter(pk=assignment.pk).update(due_at=timezone.now() - timedelta(hours=1))
    assert "a submission now is marked late" in assert_same_page(client, student, assignment)
    Assignment.objects.filter(pk=assignment.pk).update(
        due_at=timezone.now() - timedelta(days=1, hours=12), late_until=timezone.now() - timedelta(days=1)
    )
    assert "This assignment is closed." in assert_same_page(client, student, assignment)
    newcomer = student_of(classroom)  # no essay on a closed assignment
    assert "This assignment is closed." in assert_same_page(client, newcomer, assignment)


def test_the_navbar_of_a_student_who_also_teaches_is_the_same(client, student, assignment):
    """The roles the navbar shows are read with the access now: a student who teaches elsewhere."""
    teacher_of(ClassroomFactory(), user=student)
    page = assert_same_page(client, student, assignment)
    assert 'data-nav="teaching"' in page
    assert 'data-nav="studying"' in page


def test_the_navbar_of_a_student_only_shows_no_teaching(client, student, assignment):
    page = assert_same_page(client, student, assignment)
    assert 'data-nav="teaching"' not in page
    assert 'data-nav="studying"' in page
