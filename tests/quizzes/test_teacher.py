"""The teacher's quiz pages: attempts with the score chart, one attempt in full, item analysis and fixes."""

import re
from decimal import Decimal
from http import HTTPStatus

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from assessments.models import Answer, Attempt, ExtraAttempt, PointsOverride
from assessments.quizzes import services
from assessments.quizzes.analysis import item_analysis
from assessments.quizzes.charts import score_distribution
from tests.factories import LessonFactory, student_of

from .builders import question_of, quiz_assignment, short_answer, single_choice, true_false
from .helpers import right_payloads

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher_client(client, teacher):
    client.force_login(teacher)
    return client


def finished_attempt(assignment, student, kinds=()):
    """A submitted attempt answering the questions of `kinds` right (the others unanswered)."""
    attempt = services.attempt_start(assignment=assignment, student=student)
    for kind, payload in right_payloads(attempt).items():
        if kind in kinds:
            services.answer_save(attempt=attempt, payload=payload)
    return services.attempt_submit(attempt=attempt)


def test_attempts_list_shows_each_attempt(teacher_client, assignment, classroom):
    student = student_of(classroom, user__full_name="Aruzhan Abenova")
    finished_attempt(assignment, student, kinds=("single_choice",))
    response = teacher_client.get(
        reverse("assessments:quizzes:attempts", kwargs={"assignment_id": assignment.pk})
    )
    html = response.content.decode()
    assert response.status_code == HTTPStatus.OK
    assert "Aruzhan Abenova" in html
    assert "1.00 / 7.00" in html


def test_attempts_list_query_count_is_flat(teacher_client, assignment, classroom, django_assert_num_queries):
    """The attempts page costs the same queries with 2 attempts or 8."""
    url = reverse("assessments:quizzes:attempts", kwargs={"assignment_id": assignment.pk})
    for _ in range(2):
        finished_attempt(assignment, student_of(classroom))
    with CaptureQueriesContext(connection) as small:
        teacher_client.get(url)
    for _ in range(6):
        finished_attempt(assignment, student_of(classroom))
    with django_assert_num_queries(len(small)):
        teacher_client.get(url)


def test_analysis_query_count_is_flat(teacher_client, assignment, classroom, django_assert_num_queries):
    url = reverse("assessments:quizzes:analysis", kwargs={"assignment_id": assignment.pk})
    for _ in range(2):
        finished_attempt(assignment, student_of(classroom), kinds=("single_choice",))
    with CaptureQueriesContext(connection) as small:
        teacher_client.get(url)
    for _ in range(6):
        finished_attempt(assignment, student_of(classroom), kinds=("true_false",))
    with django_assert_num_queries(len(small)):
        teacher_client.get(url)


def test_score_chart_is_svg_without_style_attributes(teacher_client, assignment, classroom):
    finished_attempt(assignment, student_of(classroom), kinds=("single_choice",))
    html = teacher_client.get(
        reverse("assessments:quizzes:attempts", kwargs={"assignment_id": assignment.pk})
    ).content.decode()
    svg = html[html.index("<svg") : html.index("</svg>")]
    assert "<rect" in svg
    assert "style=" not in svg


def test_score_distribution_bins_by_tens():
    chart = score_distribution([Decimal("100"), Decimal("95"), Decimal("14.29"), Decimal("0")])
    assert [bar.count for bar in chart["bars"]] == [1, 1, 0, 0, 0, 0, 0, 0, 0, 2]


def test_attempt_detail_shows_answers_and_key(teacher_client, assignment, classroom):
    attempt = finished_attempt(assignment, student_of(classroom), kinds=("short_answer",))
    html = teacher_client.get(
        reverse("assessments:quizzes:attempt_detail", kwargs={"attempt_id": attempt.pk})
    ).content.decode()
    assert "Bukeikhanov" in html
    assert question_of(assignment, "short_answer").explanation in html


def test_override_view_changes_points_with_reason(teacher_client, assignment, classroom):
    attempt = finished_attempt(assignment, student_of(classroom), kinds=("short_answer",))
    answer = Answer.objects.get(attempt=attempt)
    response = teacher_client.post(
        reverse("assessments:quizzes:override", kwargs={"answer_id": answer.pk}),
        {"points": "0.5", "reason": "Initial missing"},
    )
    assert response.status_code == HTTPStatus.FOUND
    attempt.refresh_from_db()
    assert attempt.score == Decimal("0.5")
    assert PointsOverride.objects.get().reason == "Initial missing"


def test_override_view_without_reason_changes_nothing(teacher_client, assignment, classroom):
    attempt = finished_attempt(assignment, student_of(classroom), kinds=("short_answer",))
    answer = Answer.objects.get(attempt=attempt)
    teacher_client.post(
        reverse("assessments:quizzes:override", kwargs={"answer_id": answer.pk}), {"points": "0"}
    )
    attempt.refresh_from_db()
    assert attempt.score == Decimal(1)
    assert not PointsOverride.objects.exists()


def test_override_by_another_teacher_is_404(client, assignment, classroom):
    from tests.factories import ClassroomFactory, teacher_of

    attempt = finished_attempt(assignment, student_of(classroom), kinds=("short_answer",))
    client.force_login(teacher_of(ClassroomFactory()))
    answer = Answer.objects.get(attempt=attempt)
    response = client.post(
        reverse("assessments:quizzes:override", kwargs={"answer_id": answer.pk}),
        {"points": "0", "reason": "x"},
    )
    assert response.status_code == HTTPStatus.NOT_FOUND
    assert not PointsOverride.objects.exists()


def test_extra_attempt_view_grants_one(teacher_client, assignment, classroom):
    student = student_of(classroom)
    teacher_client.post(
        reverse("assessments:quizzes:extra_attempt", kwargs={"assignment_id": assignment.pk}),
        {"student": student.pk, "count": 1, "reason": "Was ill"},
    )
    assert services.allowed_attempts(assignment, student) == 3


def test_extra_attempt_for_a_student_of_another_class_refused(teacher_client, assignment):
    from tests.factories import ClassroomFactory

    outsider = student_of(ClassroomFactory())
    teacher_client.post(
        reverse("assessments:quizzes:extra_attempt", kwargs={"assignment_id": assignment.pk}),
        {"student": outsider.pk, "count": 1},
    )
    assert not ExtraAttempt.objects.exists()


def test_regrade_view_applies_a_corrected_key(teacher_client, assignment, classroom):
    attempt = finished_attempt(assignment, student_of(classroom), kinds=("true_false",))
    question = question_of(assignment, "true_false")
    question.true_false_answer = not question.true_false_answer
    question.save()
    teacher_client.post(reverse("assessments:quizzes:regrade", kwargs={"assignment_id": assignment.pk}))
    attempt.refresh_from_db()
    assert attempt.score == Decimal(0)


def test_teacher_home_redirects_to_attempts(teacher_client, assignment):
    response = teacher_client.get(
        reverse("assessments:quizzes:home", kwargs={"assignment_id": assignment.pk})
    )
    assert response["Location"] == reverse(
        "assessments:quizzes:attempts", kwargs={"assignment_id": assignment.pk}
    )


# Item analysis, against a worked example.
#
# Questions: S single choice worth 2, T true/false (key True) worth 1, A short answer worth 1.
#   s1: S right, T False, A right -> 3/4 = 75 %
#   s2: S right, T False           -> 2/4 = 50 %
#   s3: S "Wrong one", T True, A right -> 2/4 = 50 % (ties with s2; the earlier attempt ranks higher)
#   s4: S "Wrong two", T True      -> 1/4 = 25 %
# 27 % of 4 attempts rounds to 1: upper group {s1}, lower group {s4}.
#   S: facility 2/4 = 50 %, discrimination 1 - 0 = 1; picks: Right 50 %, Wrong one 25 %, Wrong two 25 %
#   T: facility 2/4 = 50 %, discrimination 0 - 1 = -1 (flagged); True 50 %, False 50 %
#   A: facility 2/4 = 50 %, discrimination 1 - 0 = 1


@pytest.fixture
def worked_example(classroom):
    lesson = LessonFactory()
    s_question = single_choice(lesson, points=Decimal(2))
    t_question = true_false(lesson, answer=True)
    a_question = short_answer(lesson)
    assignment = quiz_assignment(classroom, questions=[s_question, t_question, a_question])
    choice = {c.text: c.pk for c in s_question.choices.all()}
    plans = [
        {"S": choice["Right"], "T": False, "A": "Bukeikhanov"},
        {"S": choice["Right"], "T": False},
        {"S": choice["Wrong one"], "T": True, "A": "Bokeihanov"},
        {"S": choice["Wrong two"], "T": True},
    ]
    for plan in plans:
        attempt = services.attempt_start(assignment=assignment, student=student_of(classroom))
        services.answer_save(attempt=attempt, payload={"question": s_question.pk, "choice": plan["S"]})
        services.answer_save(attempt=attempt, payload={"question": t_question.pk, "value": plan["T"]})
        if "A" in plan:
            services.answer_save(attempt=attempt, payload={"question": a_question.pk, "text": plan["A"]})
        services.attempt_submit(attempt=attempt)
    return assignment


def test_worked_example_scores(worked_example):
    percents = list(
        Attempt.objects.filter(assignment=worked_example).order_by("pk").values_list("score", flat=True)
    )
    assert percents == [Decimal(3), Decimal(2), Decimal(2), Decimal(1)]


def test_item_analysis_facility_equals_hand_computation(worked_example):
    assert [item.facility for item in item_analysis(worked_example)] == [Decimal("50.00")] * 3


def test_item_analysis_discrimination_equals_hand_computation(worked_example):
    assert [item.discrimination for item in item_analysis(worked_example)] == [
        Decimal("1.0000"),
        Decimal("-1.0000"),
        Decimal("1.0000"),
    ]


def test_item_analysis_flags_negative_discrimination(worked_example):
    assert [item.is_negative for item in item_analysis(worked_example)] == [False, True, False]


def test_item_analysis_choice_shares_equal_hand_computation(worked_example):
    s_item, t_item, a_item = item_analysis(worked_example)
    assert [(c.label, c.share, c.is_correct) for c in s_item.choices] == [
        ("Right", Decimal("50.00"), True),
        ("Wrong one", Decimal("25.00"), False),
        ("Wrong two", Decimal("25.00"), False),
    ]
    assert [(str(c.label), c.share) for c in t_item.choices] == [
        ("True", Decimal("50.00")),
        ("False", Decimal("50.00")),
    ]
    assert a_item.choices == []


def test_item_analysis_uses_27_percent_groups(classroom):
    """With 10 attempts, the groups hold 3 each: a question only the top 3 got right discriminates fully."""
    lesson = LessonFactory()
    hard = short_answer(lesson, accepted=["Tynyshbaev"])
    easy = single_choice(lesson, points=Decimal(10))
    assignment = quiz_assignment(classroom, questions=[easy, hard])
    right = easy.choices.get(position=0).pk
    wrong = easy.choices.get(position=1).pk
    for index in range(10):
        attempt = services.attempt_start(assignment=assignment, student=student_of(classroom))
        services.answer_save(
            attempt=attempt, payload={"question": easy.pk, "choice": right if index < 5 else wrong}
        )
        if index < 3:
            services.answer_save(attempt=attempt, payload={"question": hard.pk, "text": "Tynyshbaev"})
        services.attempt_submit(attempt=attempt)
    easy_item, hard_item = item_analysis(assignment)
    assert hard_item.discrimination == Decimal("1.0000")
    assert easy_item.discrimination == Decimal("1.0000")
    assert hard_item.facility == Decimal("30.00")


def test_analysis_page_marks_negative_items(teacher_client, worked_example):
    html = teacher_client.get(
        reverse("assessments:quizzes:analysis", kwargs={"assignment_id": worked_example.pk})
    ).content.decode()
    assert len(re.findall('data-testid="negative-discrimination"', html)) == 1


@pytest.mark.parametrize(("seconds", "text"), [(40, "40 s"), (724, "12 min 04 s"), (3900, "1 h 05 min")])
def test_format_duration(seconds, text):
    from datetime import timedelta

    from assessments.quizzes.presenters import format_duration

    assert format_duration(timedelta(seconds=seconds)) == text
