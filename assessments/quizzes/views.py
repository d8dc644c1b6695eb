"""Quiz pages: a student's quiz, attempt, autosave and submit; the teacher's attempts, analysis and fixes."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from assessments.models import Answer
from classroom.access import Role

from . import services
from .analysis import item_analysis
from .answers import AnswerRefused
from .charts import score_distribution
from .forms import ExtraAttemptForm, OverrideForm
from .presenters import format_duration, question_for_review, question_for_taking, taking_labels
from .selectors import (
    access_own_attempt,
    access_quiz_assignment,
    access_taught_attempt,
    assignment_attempts,
    assignment_percent,
    attempt_answers,
    attempt_questions,
    attempt_questions_to_take,
    attempt_responses,
    review_allowed,
    score_visible,
    student_attempts,
)

MAX_BODY = 20_000


@require_safe
@login_required
def home(request, assignment_id):
    """A student's quiz: its settings, their attempts and the start button; teachers go to the attempts."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=None)
    if assignment.viewer_role == Role.TEACHER:
        return redirect("assessments:quizzes:attempts", assignment_id=assignment.pk)
    attempts = student_attempts(assignment, request.user)
    now = timezone.now()
    attempts = [
        services.attempt_expire_if_due(attempt=a, now=now) if services.is_expired(a, now) else a
        for a in attempts
    ]
    allowed = services.allowed_attempts(assignment, request.user)
    open_attempt = next((a for a in attempts if not a.is_finished), None)
    show_scores = score_visible(assignment, now)
    return render(
        request,
        "assessments/quizzes/home.html",
        {
            "assignment": assignment,
            "attempts": attempts,
            "allowed": allowed,
            "open_attempt": open_attempt,
            "can_start": open_attempt is None
            and len(attempts) < allowed
            and assignment.opens_at <= now < assignment.closes_at,
            "is_closed": now >= assignment.closes_at,
            "attempts_used_up": len(attempts) >= allowed,
            "show_scores": show_scores,
            "percent": assignment_percent(attempts, assignment.grading_method) if show_scores else None,
        },
    )


@require_POST
@login_required
def start(request, assignment_id):
    """Start an attempt (or resume the open one) and go to it."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=Role.STUDENT)
    try:
        attempt = services.attempt_start(assignment=assignment, student=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("assessments:quizzes:home", assignment_id=assignment.pk)
    return redirect("assessments:quizzes:attempt", attempt_id=attempt.pk)


@require_safe
@login_required
def attempt(request, attempt_id):
    """The attempt: its questions to answer while open; afterwards the result, and the review if allowed."""
    attempt = access_own_attempt(request.user, attempt_id)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    if not attempt.is_finished:
        saved = attempt_responses(attempt)
        labels = taking_labels()
        return render(
            request,
            "assessments/quizzes/take.html",
            {
                "attempt": attempt,
                "assignment": attempt.assignment,
                "questions": [
                    question_for_taking(row, saved.get(row[2]), attempt.pk, labels)
                    for row in attempt_questions_to_take(attempt)
                ],
                "now": timezone.now(),
                "grace_seconds": int(services.GRACE.total_seconds()),
            },
        )
    review = review_allowed(attempt.assignment)
    rows = attempt_questions(attempt) if review else []
    answers = attempt_answers(attempt) if review else {}
    return render(
        request,
        "assessments/quizzes/result.html",
        {
            "attempt": attempt,
            "assignment": attempt.assignment,
            "review": review,
            "show_score": score_visible(attempt.assignment),
            "questions": [question_for_review(row, answers.get(row.question_id)) for row in rows]
            if review
            else [],
        },
    )


def read_payload(request):
    """The posted answer: a JSON object, or form fields in the same shape (`match-<token>` for matches)."""
    if len(request.body) > MAX_BODY:
        raise AnswerRefused(_("The answer is too long."))
    if request.content_type == "application/json":
        try:
            return json.loads(request.body)
        except (ValueError, RecursionError):
            raise AnswerRefused(_("The answer could not be read.")) from None
    data = request.POST
    payload = {key: data[key] for key in ("question", "choice", "value", "text", "number") if key in data}
    if "choices" in data:
        payload["choices"] = data.getlist("choices")
    if "order" in data:
        payload["order"] = data.getlist("order")
    matches = {key.removeprefix("match-"): data[key] for key in data if key.startswith("match-")}
    if matches:
        payload["matches"] = matches
    return payload


@require_POST
@login_required
def save_answer(request, attempt_id):
    """Save one answer as the student goes; JSON back: the saved state, or a 400/409 with a message."""
    attempt = access_own_attempt(request.user, attempt_id)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    try:
        state = services.answer_save(attempt=attempt, payload=read_payload(request))
    except AnswerRefused as refused:
        return JsonResponse({"saved": False, "error": refused.message}, status=refused.status)
    return JsonResponse(state)


@require_POST
@login_required
def submit(request, attempt_id):
    """Submit the attempt once; repeats land on the same result."""
    attempt = access_own_attempt(request.user, attempt_id)
    services.attempt_submit(attempt=attempt)
    return redirect("assessments:quizzes:attempt", attempt_id=attempt.pk)


# Teachers.


@require_safe
@login_required
def attempts(request, assignment_id):
    """Every attempt at the assignment (student, start, duration, score, late) and the score chart."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=Role.TEACHER)
    services.attempts_expire_due(assignment=assignment)
    rows = assignment_attempts(assignment)
    for row in rows:
        row.assignment = assignment
        row.duration_text = format_duration(row.duration)
    finished = [row.percent for row in rows if row.is_finished and row.score is not None]
    return render(
        request,
        "assessments/quizzes/attempts.html",
        {
            "assignment": assignment,
            "attempts": rows,
            "chart": score_distribution(finished),
            "extra_form": ExtraAttemptForm(classroom=assignment.classroom),
        },
    )


@require_safe
@login_required
def attempt_detail(request, attempt_id):
    """One attempt in full for a teacher of the class, with the points override of each answer."""
    attempt = access_taught_attempt(request.user, attempt_id)
    attempt = services.attempt_expire_if_due(attempt=attempt)
    rows = attempt_questions(attempt)
    answers = attempt_answers(attempt)
    return render(
        request,
        "assessments/quizzes/attempt_detail.html",
        {
            "attempt": attempt,
            "assignment": attempt.assignment,
            "questions": [question_for_review(row, answers.get(row.question_id)) for row in rows],
            "override_form": OverrideForm(),
        },
    )


@require_POST
@login_required
def override(request, answer_id):
    """Change one answer's points, with a reason kept in its history."""
    try:
        answer = Answer.objects.select_related("attempt").get(pk=int(answer_id))
    except (ValueError, Answer.DoesNotExist):
        raise Http404 from None
    attempt = access_taught_attempt(request.user, answer.attempt_id)
    form = OverrideForm(request.POST)
    if form.is_valid():
        try:
            services.answer_override(
                answer=answer,
                points=form.cleaned_data["points"],
                reason=form.cleaned_data["reason"],
                changed_by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Points changed."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("assessments:quizzes:attempt_detail", attempt_id=attempt.pk)


@require_POST
@login_required
def extra_attempt(request, assignment_id):
    """Give one student of the class more attempts."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=Role.TEACHER)
    form = ExtraAttemptForm(request.POST, classroom=assignment.classroom)
    if form.is_valid():
        services.extra_attempt_grant(
            assignment=assignment,
            student=form.cleaned_data["student"],
            count=form.cleaned_data["count"],
            reason=form.cleaned_data["reason"],
            granted_by=request.user,
        )
        messages.success(
            request, _("Extra attempt granted to %(student)s.") % {"student": form.cleaned_data["student"]}
        )
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("assessments:quizzes:attempts", assignment_id=assignment.pk)


@require_POST
@login_required
def regrade(request, assignment_id):
    """Grade every submitted attempt again with the current keys (after a key was corrected)."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=Role.TEACHER)
    changed = services.assignment_regrade(assignment=assignment)
    messages.success(request, _("Regraded: %(count)d attempts changed score.") % {"count": changed})
    return redirect("assessments:quizzes:attempts", assignment_id=assignment.pk)


@require_safe
@login_required
def analysis(request, assignment_id):
    """Item analysis: facility, discrimination (negative flagged) and the share of each choice."""
    assignment = access_quiz_assignment(request.user, assignment_id, role=Role.TEACHER)
    services.attempts_expire_due(assignment=assignment)
    return render(
        request,
        "assessments/quizzes/analysis.html",
        {"assignment": assignment, "items": item_analysis(assignment)},
    )
