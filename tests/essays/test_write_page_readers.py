"""The writing page reads its access, essay, grade and versions in written-out SQL: the same page as before.

The reference below is the view as it was, on the ORM (access_assignment, the essay with select_related
and a prefetch of the scores, the versions with only()), with the list of versions rendered by the
template loop it had (the view builds those items in Python now). For each state a student's page can be
in, the page served now is byte for byte the page the reference renders for the same request (only the
CSRF tokens, masked afresh on every use, are set aside).
"""

import re
from datetime import timedelta
from decimal import Decimal

import pytest
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from assessments.access import access_assignment
from assessments.essays import services, views
from assessments.essays.views import _local, fixed_parts, version_items
from assessments.models import Assignment, CriterionScore, Essay, EssayVersion
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
    context = {
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
    }
    context["version_items"] = mark_safe(engines["django"].from_string(VERSION_LOOP).render(context, request))  # noqa: S308
    return render(request, "assessments/essays/write.html", context)


# The list of versions as write.html rendered it before the view built it.
VERSION_LOOP = """{% load i18n %}{% for version in versions %}
            <li class="list-group-item d-flex justify-content-between align-items-center">
              <span>
                {{ version.created_at }} · {% blocktranslate count words=version.word_count %}{{ words }} word{% plural %}{{ words }} words{% endblocktranslate %}
                {% if version.is_submission %}<span class="badge text-bg-success">{% translate "submitted" %}</span>{% endif %}
              </span>
              {% if editable %}
                <form method="post" action="{% url 'assessments:essays:restore' assignment.pk version.pk %}" class="restore-form"
                      data-confirm="{% translate 'Put this version back in the editor? The current text stays in the list of versions.' %}">
                  {% csrf_token %}<input type="hidden" name="revision" value="{{ essay.revision }}">
                  <button type="submit" class="btn btn-sm btn-outline-secondary">{% translate "Restore" %}</button>
                </form>
              {% endif %}
            </li>
          {% endfor %}"""  # noqa: E501


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


@pytest.mark.parametrize("language", ["en", "ru", "kk"])
@pytest.mark.parametrize("editable", [True, False])
def test_the_version_items_are_the_loops_in_every_language(
    rf, settings, assignment, student, language, editable
):
    """Dates in each language's format and time zone, counts of 0, 1, 2, 5, 21 and 12,345 words."""
    settings.USE_THOUSAND_SEPARATOR = True
    essay = Essay(pk=7, assignment=assignment, student=student, revision=12345)
    start = timezone.now() - timedelta(days=40)
    versions = [
        EssayVersion(
            pk=pk, essay=essay, word_count=count, is_submission=pk % 2 == 0, created_at=start + shift
        )
        for pk, count, shift in [
            (1, 0, timedelta(0)),
            (2, 1, timedelta(hours=7, minutes=5)),
            (3, 2, timedelta(days=3, hours=23, minutes=59)),
            (4, 5, timedelta(days=20)),
            (5, 21, timedelta(days=31, hours=12)),
            (12345, 12345, timedelta(days=39)),
        ]
    ]
    request = rf.get("/")
    request.user = student
    context = {"versions": versions, "editable": editable, "assignment": assignment, "essay": essay}
    with translation.override(language), timezone.override("Asia/Almaty"):
        got = version_items(request, assignment, essay, versions, editable)
        want = engines["django"].from_string(VERSION_LOOP).render(context, request)
    assert without_csrf_tokens(got) == without_csrf_tokens(want)
    assert ("restore-form" in got) == editable


def test_no_versions_no_items(rf, assignment):
    assert version_items(rf.get("/"), assignment, None, [], editable=True) == ""


def test_a_translation_with_a_broken_placeholder_falls_back_to_english_as_the_loop_did(
    rf, monkeypatch, assignment, student
):
    real = translation.ngettext

    def broken_in_russian(singular, plural, count):
        return "%(word)s слов" if translation.get_language() == "ru" else real(singular, plural, count)

    monkeypatch.setattr(translation, "ngettext", broken_in_russian)
    monkeypatch.setattr(views, "ngettext", broken_in_russian)
    essay = Essay(pk=7, assignment=assignment, student=student, revision=3)
    versions = [
        EssayVersion(pk=pk, essay=essay, word_count=count, created_at=timezone.now())
        for pk, count in [(1, 1), (2, 9)]
    ]
    request = rf.get("/")
    request.user = student
    context = {"versions": versions, "editable": False, "assignment": assignment, "essay": essay}
    with translation.override("ru"):
        got = version_items(request, assignment, essay, versions, editable=False)
        want = engines["django"].from_string(VERSION_LOOP).render(context, request)
    assert got == want
    assert "1 word" in got
    assert "9 words" in got
