"""Refusals change nothing, and every HTML answer carries a strict Content-Security-Policy.

For every URL and every role whose matrix row says a POST is refused (login, 403, 404, 405), the role
POSTs well-formed data aimed at objects that are not theirs (tests/access/post_data.py). Every table of
every model — row count and a checksum of all its rows — must be the same before and after. A few
allowed roles also post data naming someone else's objects (another class's student, another student's
question or essay version): refused, and again nothing changed.
"""

import hashlib
from http import HTTPStatus

import pytest
from django.apps import apps
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
