"""kill -9 of an app server while students autosave and submit: nothing acknowledged is lost.

Two gunicorn servers share PostgreSQL and Redis. Server A is killed (SIGKILL to master and workers) in the
middle of a stream of autosaves; the page's retry (here: the same revision sent again, to whichever
server answers, as a load balancer would route it) lands on B. Every acknowledged revision is in the
database; after A is started again, it serves the same sessions.
(A PostgreSQL restart is bench/faults.py's job, run by hand: other tests share this PostgreSQL.)
"""

import threading

import pytest
from django.urls import reverse

from assessments.models import Answer, Attempt, Essay
from assessments.quizzes import services as quiz_services
from tests.factories import TEST_PASSWORD, AssignmentFactory, MembershipFactory, QuestionFactory

from .helpers import EssayPage, retried
from .servers import AppServer, Browser

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

WORDS = " ".join(["steppe"] * 60)


def test_autosaves_survive_kill_9_of_a_server(app_servers):
    """Three students autosave through A and B; A is killed mid-stream: every acknowledged save is kept."""
    memberships = [MembershipFactory(user__username=f"student{n}") for n in range(3)]
    classroom = memberships[0].classroom
    for membership in memberships[1:]:
        membership.classroom = classroom
        membership.save()
    assignment = AssignmentFactory(classroom=classroom, kind="essay")
    first, second = app_servers(2, workers=2)
    acknowledged = {}
    errors = []

    def student(n):
        visitor = Browser()
        visitor.log_in(first, f"student{n}", TEST_PASSWORD)
        page = EssayPage(visitor, assignment.pk)
        page.open(second)
        try:
            for step in range(1, 31):
                text = f"student {n} step {step} {WORDS}"
                servers = [first, second] if step % 2 else [second, first]
                acknowledged[n] = (page.autosave_until_acknowledged(servers, text), text)
        except AssertionError as error:
            errors.append(str(error))

    threads = [threading.Thread(target=student, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    while not all(n in acknowledged and acknowledged[n][0] >= 8 for n in range(3)):
        threading.Event().wait(0.05)
    first.kill()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    for n, membership in enumerate(memberships):
        essay = Essay.objects.get(assignment=assignment, student=membership.user)
        assert (essay.revision, essay.text) == acknowledged[n]
        assert essay.revision == 30


def test_a_submit_during_kill_9_is_retried_and_kept_once(app_servers):
    """The submit's server dies; the student's retry on the other server submits exactly once."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="essay")
    first, second = app_servers(2)
    visitor = Browser()
    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    page = EssayPage(visitor, assignment.pk)
    page.open(first)
    page.autosave_until_acknowledged([first], f"Draft {WORDS}")
    first.kill()

    status, _, _ = retried(lambda: (*page.submit(second, f"Draft {WORDS}"), ""))

    assert status == 302
    essay = Essay.objects.get(assignment=assignment)
    assert essay.state == Essay.State.SUBMITTED
    assert essay.text == f"Draft {WORDS}"
    assert essay.versions.filter(is_submission=True).count() == 1


def test_a_restarted_server_serves_the_same_sessions_and_answers(app_servers):
    """Quiz answers saved on A before its kill, and on B after it, are all there; A comes back on its port."""
    membership = MembershipFactory(user__username="aruzhan")
    assignment = AssignmentFactory(classroom=membership.classroom, kind="quiz")
    questions = [QuestionFactory() for _ in range(4)]
    for position, question in enumerate(questions, start=1):
        assignment.quiz.quiz_questions.create(question=question, position=position)
    first, second = app_servers(2)
    visitor = Browser()
    visitor.log_in(first, "aruzhan", TEST_PASSWORD)
    attempt = quiz_services.attempt_start(assignment=assignment, student=membership.user)
    _, _, html = visitor.get(
        first.url + reverse("assessments:quizzes:attempt", kwargs={"attempt_id": attempt.pk})
    )
    token = visitor.form_token(html)
    url = reverse("assessments:quizzes:save_answer", kwargs={"attempt_id": attempt.pk})

    def answer(server, question):
        body = f'{{"question": {question.pk}, "choice": {question.choices.first().pk}}}'.encode()
        headers = {"Content-Type": "application/json", "X-CSRFToken": token}
        return retried(lambda: visitor.post(server.url + url, body, headers=headers))

    assert answer(first, questions[0])[0] == 200
    first.kill()
    assert answer(second, questions[1])[0] == 200
    restarted = AppServer(first.port, first.env, workers=1).start()
    try:
        assert answer(restarted, questions[2])[0] == 200
        assert answer(second, questions[3])[0] == 200
        status, _, _ = retried(
            lambda: visitor.post(
                restarted.url + reverse("assessments:quizzes:submit", kwargs={"attempt_id": attempt.pk}),
                {"csrfmiddlewaretoken": token},
            )
        )
    finally:
        restarted.stop()

    assert status == 302
    assert Answer.objects.filter(attempt=attempt).count() == 4
    assert Attempt.objects.get(pk=attempt.pk).state == Attempt.State.SUBMITTED
