"""Refusals change nothing, and every HTML answer carries a strict Content-Security-Policy.

For every URL and every role whose matrix row says a POST is refused (login, 403, 404, 405), the role
POSTs well-formed data aimed at objects that are not theirs (tests/access/post_data.py). Every table of
every model — row count and a checksum of all its rows — must be the same before and after. A few
allowed roles also post data naming someone else's objects (another class's student, another student's
question or essay version): refused, and again nothing changed.
"""

import hashlib
import json
import re
from http import HTTPStatus

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from .expect import FORBIDDEN, LOGIN, NOT_ALLOWED, NOT_FOUND, ROLES
from .post_data import post_data
from .rows import all_rows, extend_world
from .test_matrix import outcome
from .world import build_world

REFUSED = {LOGIN, FORBIDDEN, NOT_FOUND, NOT_ALLOWED}
# Logging out answers with the login page because it worked: it is the one "login" that is not a refusal.
NOT_REFUSALS = {"logout"}


def table_state():
    """{table: (row count, sha256 of every row's every column)} for every model's table."""
    state = {}
    for model in apps.get_models(include_auto_created=True):
        rows = list(model._base_manager.order_by("pk").values_list())
        digest = hashlib.sha256(repr(rows).encode()).hexdigest()
        state[model._meta.db_table] = (len(rows), digest)
    return state


def changed(before, after):
    return sorted(table for table in before if before[table] != after.get(table))


def refused_roles(row):
    if row.name in NOT_REFUSALS:
        return []
    return [role for role in ROLES if row.post[role] in REFUSED]


def rows_with_refusals():
    return sorted(name for name, row in all_rows().items() if refused_roles(row))


def act_as(client, world, role):
    client.logout()
    user = getattr(world, role)
    if user is not None:
        client.force_login(user)


@pytest.mark.django_db
@pytest.mark.parametrize("name", rows_with_refusals())
def test_a_refused_post_changes_no_table(name, client):
    """Every refused role's well-formed POST is refused as the matrix says, and no table changes."""
    row = all_rows()[name]
    world = extend_world(build_world())
    url = reverse(name, kwargs=row.kwargs(world))
    wrong = []
    for role in refused_roles(row):
        act_as(client, world, role)
        data = post_data(row, world)
        before = table_state()
        response = client.post(url, data)
        after = table_state()
        if outcome(response) != row.post[role]:
            wrong.append(f"POST as {role}: expected {row.post[role]}, got {outcome(response)}")
        if changed(before, after):
            wrong.append(f"POST as {role} changed {changed(before, after)}")
    assert not wrong, f"{url}:\n  " + "\n  ".join(wrong)


def cross_cases():
    """(URL name, role allowed on the URL, kwargs, data) where the data or kwargs name another's object."""
    return {
        "another student's question in one's own attempt": (
            "assessments:quizzes:save_answer",
            "student_a",
            lambda w: {"attempt_id": w.attempt_a.pk},
            lambda w: {
                "question": w.attempt_b.attempt_questions.first().question_id,
                "choice": w.attempt_b.attempt_questions.first().question.choices.first().pk,
            },
        ),
        "extra attempts for a student of another class": (
            "assessments:quizzes:extra_attempt",
            "teacher_a",
            lambda w: {"assignment_id": w.quiz_a.pk},
            lambda w: {"student": w.student_b.pk, "count": 2, "reason": "Not mine"},
        ),
        "restoring another student's essay version": (
            "assessments:essays:restore",
            "student_a",
            lambda w: {"assignment_id": w.essay_a.pk, "version_id": w.essay_of_student_b.versions.first().pk},
            lambda w: {},
        ),
        "grading an essay of another class through one's own assignment": (
            "assessments:essays:grade_save",
            "teacher_a",
            lambda w: {"assignment_id": w.essay_a.pk, "essay_id": w.essay_of_student_b.pk},
            lambda w: {"version": 0, "overall_comment": "Not mine", "complete": "on"},
        ),
        "overriding the grade of another class's student in one's own class": (
            "gradebook:override",
            "teacher_a",
            lambda w: {"class_id": w.class_a.pk, "student_id": w.student_b.pk, "assignment_id": w.quiz_a.pk},
            lambda w: {"percent": "100", "reason": "Not mine"},
        ),
        "overriding a grade of another class's assignment in one's own class": (
            "gradebook:override",
            "teacher_a",
            lambda w: {"class_id": w.class_a.pk, "student_id": w.student_a.pk, "assignment_id": w.quiz_b.pk},
            lambda w: {"percent": "100", "reason": "Not mine"},
        ),
        "removing a student of another class through one's own class": (
            "classroom:student_remove",
            "teacher_a",
            lambda w: {"pk": w.class_a.pk, "membership_pk": w.student_b.memberships.get().pk},
            lambda w: {},
        ),
    }


@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted(cross_cases()))
def test_data_naming_another_persons_object_changes_nothing(case, client):
    """A role allowed on a URL, posting someone else's object in the URL or the data, changes nothing."""
    name, role, kwargs, data = cross_cases()[case]
    world = extend_world(build_world())
    act_as(client, world, role)
    url = reverse(name, kwargs=kwargs(world))
    payload = data(world)
    before = table_state()
    response = client.post(url, payload)
    after = table_state()
    assert response.status_code in (HTTPStatus.BAD_REQUEST, HTTPStatus.NOT_FOUND, HTTPStatus.FOUND, 200)
    assert not changed(before, after)


def csp_problems(response):
    """What is wrong with an HTML response's Content-Security-Policy (empty when it is strict)."""
    if "text/html" not in response.get("Content-Type", ""):
        return []
    policy = response.get("Content-Security-Policy", "")
    if not policy:
        return ["no Content-Security-Policy header"]
    directives = {
        part.split()[0]: part.split()[1:] for part in (p.strip() for p in policy.split(";")) if part
    }
    problems = []
    if "'unsafe-inline'" in policy or "'unsafe-eval'" in policy:
        problems.append(f"unsafe source in {policy!r}")
    for needed in ("default-src", "script-src", "style-src", "object-src", "base-uri", "frame-ancestors"):
        if needed not in directives:
            problems.append(f"no {needed}")
    if "*" in " ".join(sum(directives.values(), [])).split():
        problems.append("a wildcard source")
    if directives.get("object-src") != ["'none'"]:
        problems.append("object-src is not 'none'")
    return problems


@pytest.mark.django_db
@pytest.mark.parametrize("name", sorted(all_rows()))
def test_every_html_response_has_a_strict_csp(name, client):
    """Every HTML answer the matrix produces (each role, GET and POST) carries a strict CSP header."""
    row = all_rows()[name]
    world = extend_world(build_world())
    url = reverse(name, kwargs=row.kwargs(world))
    wrong = []
    for role in ROLES:
        for method in ("get", "post"):
            act_as(client, world, role)
            response = client.get(url) if method == "get" else client.post(url, row.data(world))
            if response.status_code in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
                response = client.get(response["Location"])
            wrong += [f"{method.upper()} as {role}: {problem}" for problem in csp_problems(response)]
    assert not wrong, f"{url}:\n  " + "\n  ".join(wrong)


def test_the_csp_check_catches_a_lax_policy():
    """The checker itself: a policy with 'unsafe-inline' or no header is reported."""

    class Fake(dict):
        pass

    lax = Fake({"Content-Type": "text/html", "Content-Security-Policy": "default-src 'self' 'unsafe-inline'"})
    assert csp_problems(lax)
    assert csp_problems(Fake({"Content-Type": "text/html"})) == ["no Content-Security-Policy header"]


# The sentinel crawl: keys and unreleased grades never reach a student.

SENTINEL = "QZX-TRUST-SENTINEL"
SKIP = ("/static/", "/admin/", "/accounts/logout", "/logout")


def plant_sentinels(world):
    """The sentinel in every question's explanation and citation, an accepted answer of each, and every
    comment of a complete but unreleased grade of student_a's essay."""
    from assessments.essays import services as essay_services
    from assessments.models import AcceptedAnswer, Question

    questions = Question.objects.all()
    questions.update(explanation=f"{SENTINEL} explanation", citation=f"{SENTINEL} citation")
    for question in questions:
        AcceptedAnswer.objects.create(question=question, text=f"{SENTINEL} answer {question.pk}")
    criteria = essay_services.rubric_of(world.essay_a)
    essay_services.essay_grade(
        essay=world.essay_of_student_a,
        teacher=world.teacher_a,
        version=0,
        levels={c.pk: c.levels.order_by("-points").first().pk for c in criteria},
        comments={c.pk: f"{SENTINEL} on {c.name}" for c in criteria},
        overall_comment=f"{SENTINEL} overall",
        complete=True,
    )


def crawl(client, starts):
    """Every page reachable from `starts` by the site's links: [(url, response)]."""
    seen, queue, pages = set(), list(starts), []
    while queue and len(seen) < 400:
        url = queue.pop(0).split("#")[0]
        if not url or url in seen or url.startswith(SKIP):
            continue
        seen.add(url)
        response = client.get(url)
        pages.append((url, response))
        if response.status_code in (HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY):
            queue.append(response["Location"])
        if "html" in response.get("Content-Type", ""):
            html = response.content.decode()
            for link in re.findall(r'(?:href|hx-get|action|data-url)="(/[^"]*)"', html):
                queue.append(link.replace("&amp;", "&"))
    return pages


def where(pages, text):
    found = []
    for url, response in pages:
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if text in body.decode(errors="replace") + json.dumps(dict(response.headers)):
            found.append(url)
    return found


def student_starts(world):
    return [
        "/",
        reverse("classroom:dashboard"),
        reverse("assessments:class_detail", kwargs={"pk": world.class_a.pk}),
        reverse("assessments:quizzes:home", kwargs={"assignment_id": world.quiz_a.pk}),
        reverse("assessments:quizzes:attempt", kwargs={"attempt_id": world.attempt_a.pk}),
        reverse("assessments:essays:write", kwargs={"assignment_id": world.essay_a.pk}),
        reverse("gradebook:index"),
        reverse("gradebook:mine", kwargs={"class_id": world.class_a.pk}),
        reverse("lessons:list"),
    ]


@pytest.fixture
def planted_world():
    world = extend_world(build_world())
    plant_sentinels(world)
    return world


@pytest.mark.django_db
def test_no_key_or_unreleased_grade_reaches_a_student(planted_world, client):
    """Crawling every link a student can reach, before review and release: the sentinel never appears."""
    client.force_login(planted_world.student_a)
    pages = crawl(client, student_starts(planted_world))

    assert len(pages) > 10
    assert where(pages, SENTINEL) == []


@pytest.mark.django_db
def test_the_crawl_reaches_the_students_pages(planted_world, client):
    """The crawl is not vacuous: it reaches the quiz attempt, the essay and the student's grades."""
    client.force_login(planted_world.student_a)
    urls = {
        url for url, response in crawl(client, student_starts(planted_world)) if response.status_code == 200
    }

    assert reverse("assessments:essays:write", kwargs={"assignment_id": planted_world.essay_a.pk}) in urls
    assert reverse("assessments:quizzes:attempt", kwargs={"attempt_id": planted_world.attempt_a.pk}) in urls
    assert reverse("gradebook:mine", kwargs={"class_id": planted_world.class_a.pk}) in urls


@pytest.mark.django_db
def test_a_released_grade_comment_reaches_its_student(planted_world, client):
    """After release the comments show on the student's essay page (the crawl does find them)."""
    from assessments.essays import services as essay_services

    essay_services.essay_grades_release(assignment=planted_world.essay_a, teacher=planted_world.teacher_a)
    client.force_login(planted_world.student_a)
    pages = crawl(client, student_starts(planted_world))

    assert reverse("assessments:essays:write", kwargs={"assignment_id": planted_world.essay_a.pk}) in where(
        pages, f"{SENTINEL} overall"
    )


@pytest.mark.django_db
def test_the_explanation_reaches_the_student_once_review_is_allowed(planted_world, client):
    """With review "immediately", a submitted attempt's result page shows the explanation."""
    from assessments.quizzes import services as quiz_services

    planted_world.quiz_a.review_policy = "immediately"
    planted_world.quiz_a.save(update_fields=["review_policy"])
    quiz_services.attempt_submit(attempt=planted_world.attempt_a)
    client.force_login(planted_world.student_a)
    pages = crawl(client, student_starts(planted_world))

    assert reverse("assessments:quizzes:attempt", kwargs={"attempt_id": planted_world.attempt_a.pk}) in where(
        pages, f"{SENTINEL} explanation"
    )


@pytest.mark.django_db
def test_other_students_pages_never_show_the_grade(planted_world, client):
    """Even after release, the other student of class A (mixed) never sees student_a's comments."""
    from assessments.essays import services as essay_services

    essay_services.essay_grades_release(assignment=planted_world.essay_a, teacher=planted_world.teacher_a)
    client.force_login(planted_world.mixed)
    pages = crawl(client, student_starts(planted_world))

    assert where(pages, f"{SENTINEL} overall") == []


# Sessions: removal from a class takes effect on the very next request.


@pytest.mark.django_db
def test_a_removed_student_loses_access_on_the_next_request(client):
    """student_a, signed in with pages open, is removed by the teacher: the next request is refused."""
    world = extend_world(build_world())
    pages = [
        reverse("assessments:class_detail", kwargs={"pk": world.class_a.pk}),
        reverse("assessments:essays:write", kwargs={"assignment_id": world.essay_a.pk}),
        reverse("assessments:quizzes:attempt", kwargs={"attempt_id": world.attempt_a.pk}),
        reverse("gradebook:mine", kwargs={"class_id": world.class_a.pk}),
    ]
    client.force_login(world.student_a)
    assert [client.get(url).status_code for url in pages] == [HTTPStatus.OK] * len(pages)
    membership = world.student_a.memberships.get(classroom=world.class_a)

    teacher = Client()
    teacher.force_login(world.teacher_a)
    teacher.post(
        reverse("classroom:student_remove", kwargs={"pk": world.class_a.pk, "membership_pk": membership.pk})
    )

    assert [client.get(url).status_code for url in pages] == [HTTPStatus.NOT_FOUND] * len(pages)
    saved = client.post(
        reverse("assessments:essays:autosave", kwargs={"assignment_id": world.essay_a.pk}),
        {"text": "after removal", "revision": 50},
    )
    assert saved.status_code == HTTPStatus.NOT_FOUND
