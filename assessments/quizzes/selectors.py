"""Reads of quiz work: an attempt's questions, review and score visibility, scores by grading method."""

import functools
from collections import defaultdict
from decimal import Decimal

from django.db import connection
from django.db.models import Prefetch
from django.http import Http404
from django.utils import timezone

from assessments.access import access_assignment, access_own_work
from assessments.models import (
    Answer,
    AnswerChoice,
    AnswerMatch,
    AnswerOrder,
    Assignment,
    Attempt,
    AttemptQuestion,
    Choice,
    Question,
)
from classroom.access import Role
from kzcourse.decimals import round_points
from kzcourse.sql import as_the_orm_reads, table_and_columns

from .grading import Response


def attempt_questions(attempt):
    """The attempt's questions in its stored order, each with its choices and accepted answers."""
    return list(
        AttemptQuestion.objects.filter(attempt=attempt)
        .select_related("question", "question__cited_paragraph__lesson")
        .prefetch_related(
            Prefetch("question__choices", queryset=Choice.objects.order_by("position", "pk")),
            "question__accepted_answers",
        )
        .order_by("position")
    )


@functools.cache
def questions_to_take_query(vendor):
    """(sql, fields read) of attempt_questions_to_take: the rows, their questions and choices joined."""
    row_table, (row_attempt, row_question, row_position) = table_and_columns(
        AttemptQuestion, "attempt", "question", "position"
    )
    question_table, (question_pk,) = table_and_columns(Question, "id")
    choice_table, (choice_question, choice_position, choice_pk) = table_and_columns(
        Choice, "question", "position", "id"
    )
    fields = (
        *(AttemptQuestion._meta.get_field(name) for name in ("position", "points", "question")),
        *(Question._meta.get_field(name) for name in ("kind", "prompt")),
        *(Choice._meta.get_field(name) for name in ("id", "text", "match_text")),
    )
    aliases = ["r"] * 3 + ["q"] * 2 + ["c"] * 3
    quote = connection.ops.quote_name
    selected = ", ".join(
        f"{alias}.{quote(field.column)}" for alias, field in zip(aliases, fields, strict=True)
    )
    sql = (  # only quoted names from the models' meta are formatted in; the attempt id is a parameter
        f"SELECT {selected} FROM {row_table} r"  # noqa: S608
        f" JOIN {question_table} q ON q.{question_pk} = r.{row_question}"
        f" LEFT JOIN {choice_table} c ON c.{choice_question} = q.{question_pk}"
        f" WHERE r.{row_attempt} = %s ORDER BY r.{row_position}, c.{choice_position}, c.{choice_pk}"
    )
    return sql, fields


def attempt_questions_to_take(attempt):
    """The attempt's questions for the page that answers them, as plain rows, with nothing of the key.

    Returns [(position, points, question id, kind, prompt, [(choice id, text, match text)])]. One query
    (each question joined to its choices, if any), written out: the ORM compiled the join for more CPU
    than the page spent building the 25 fieldsets.
    """
    sql, fields = questions_to_take_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [attempt.pk])
        rows = cursor.fetchall()
    questions = {}  # position -> the row
    for position, points, question_id, kind, prompt, *choice in as_the_orm_reads(rows, fields):
        row = questions.setdefault(position, (position, points, question_id, kind, prompt, []))
        if choice[0] is not None:
            row[5].append(tuple(choice))
    return list(questions.values())


@functools.cache
def responses_query(vendor):
    """(sql, fields read) of attempt_responses."""
    fields = tuple(
        Answer._meta.get_field(name) for name in ("id", "question", "boolean", "text", "number", "saved_at")
    )
    table, (attempt_column,) = table_and_columns(Answer, "attempt")
    selected = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    # Only quoted names from the model's meta are formatted in; the attempt id is a parameter.
    return f"SELECT {selected} FROM {table} WHERE {attempt_column} = %s", fields  # noqa: S608


def attempt_responses(attempt):
    """{question id: (Response, saved at)} of the attempt's saved answers, read as plain rows.

    Written out: the ORM compiled its one-table read for ~0.5 ms of CPU on every quiz page.
    """
    sql, fields = responses_query(connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, [attempt.pk])
        answers = as_the_orm_reads(cursor.fetchall(), fields)
    if not answers:
        return {}
    picked, order, matched = answer_parts([attempt.pk])
    return {
        question_id: (
            Response(
                choice_ids=frozenset(picked.get(pk, ())),
                boolean=boolean,
                text=text,
                number=number,
                order=order.get(pk, ()),
                matches=matched.get(pk, {}),
            ),
            saved_at,
        )
        for pk, question_id, boolean, text, number, saved_at in answers
    }


def attempt_answers(attempt):
    """{question id: Answer} with the rows that hold each answer."""
    return {
        answer.question_id: answer
        for answer in Answer.objects.filter(attempt=attempt).prefetch_related(
            "answer_choices", "order_items", "matches", "overrides__changed_by"
        )
    }


PICKED, ORDERED, MATCHED = 0, 1, 2


def answer_parts(attempt_ids):
    """The rows that hold the attempts' answers (picked choices, order, matches) as plain dicts.

    Returns (picked, order, matched): {answer id: [choice id]}, {answer id: (choice ids, first to
    last)}, {answer id: {left id: right id}}. Tuples, not models: a model (or a prefetched manager) per
    row costs more than grading it. One UNION ALL written out: the ORM spent ~2 ms of CPU compiling its
    three parts, ten times the query itself, on every quiz page and submit.
    """
    answers, (answer_pk, answer_attempt) = table_and_columns(Answer, "id", "attempt")
    ids = ", ".join(["%s"] * len(attempt_ids))
    parts = []
    for part, model, first, second in (
        (PICKED, AnswerChoice, "choice", None),
        (ORDERED, AnswerOrder, "choice", "rank"),
        (MATCHED, AnswerMatch, "left", "right"),
    ):
        table, columns = table_and_columns(model, "answer", first, *([second] if second else []))
        second_column = f"p.{columns[2]}" if second else "0"
        parts.append(
            f"SELECT {part}, p.{columns[0]}, p.{columns[1]}, {second_column} FROM {table} p"  # noqa: S608
            f" JOIN wanted ON wanted.id = p.{columns[0]}"
        )
    picked, ranked, matched = defaultdict(list), defaultdict(list), defaultdict(dict)
    if not attempt_ids:
        return picked, {}, matched
    with connection.cursor() as cursor:
        # Only quoted names from the models' meta are formatted in; the ids are parameters.
        cursor.execute(
            f"WITH wanted AS (SELECT {answer_pk} AS id FROM {answers} WHERE {answer_attempt} IN ({ids})) "  # noqa: S608
            + " UNION ALL ".join(parts),
            list(attempt_ids),  # once, not once per part: a long list costs the driver to read
        )
        rows = cursor.fetchall()
    for part, answer_id, first, second in rows:
        if part == PICKED:
            picked[answer_id].append(first)
        elif part == ORDERED:
            ranked[answer_id].append((second, first))
        else:
            matched[answer_id][first] = second
    order = {answer_id: tuple(pk for _, pk in sorted(items)) for answer_id, items in ranked.items()}
    return picked, order, matched


def access_own_attempt(user, attempt_id):
    """The student's own attempt on an assignment they may see, with its class, in one query; else 404."""
    return access_own_work(Attempt, user, attempt_id)


def access_taught_attempt(user, attempt_id):
    """An attempt on an assignment of a class the user teaches; anything else is 404."""
    try:
        attempt = Attempt.objects.select_related("student").get(pk=int(attempt_id))
    except (TypeError, ValueError, Attempt.DoesNotExist):
        raise Http404 from None
    attempt.assignment = access_assignment(user, attempt.assignment_id, role=Role.TEACHER)
    return attempt


def access_quiz_assignment(user, assignment_id, *, role):
    """A quiz assignment the user may see in `role`; other kinds are 404 here."""
    assignment = access_assignment(user, assignment_id, role=role)
    if assignment.kind != Assignment.Kind.QUIZ:
        raise Http404
    return assignment


def review_allowed(assignment, now=None):
    """May a student see keys, explanations and correctness of their submitted attempts?

    "After the due date" waits for the closing time (late-until when there is one), so nobody who may
    still submit late can read the key from a classmate.
    """
    now = now or timezone.now()
    policy = assignment.review_policy
    if policy == Assignment.ReviewPolicy.IMMEDIATELY:
        return True
    if policy == Assignment.ReviewPolicy.AFTER_DUE:
        return now >= assignment.closes_at
    return False


def score_visible(assignment, now=None):
    """May a student see their quiz score? With the review, or once the teacher released grades."""
    return review_allowed(assignment, now) or assignment.grades_released_at is not None


def assignment_percent(attempts, method):
    """The assignment's percentage from the submitted attempts, by the grading method (None if none)."""
    graded = sorted(
        (a for a in attempts if a.state == Attempt.State.SUBMITTED and a.score is not None),
        key=lambda a: a.number,
    )
    if not graded:
        return None
    percents = [a.percent for a in graded]
    if method == Assignment.GradingMethod.LATEST:
        return percents[-1]
    if method == Assignment.GradingMethod.AVERAGE:
        return round_points(sum(percents, Decimal(0)) / len(percents))
    return max(percents)


def student_attempts(assignment, student):
    return list(Attempt.objects.filter(assignment=assignment, student=student).order_by("number"))


def assignment_attempts(assignment):
    """Every attempt at the assignment, with its student, for the teacher's list."""
    return list(
        Attempt.objects.filter(assignment=assignment)
        .select_related("student")
        .order_by("student__full_name", "student__username", "number")
    )
