"""What the quiz pages show of each question: the fields to answer it, and (only for review) its key.

`question_for_taking` reads nothing of the key; `question_for_review` adds it. Keeping the two apart
is what keeps keys out of every page before review is allowed.
"""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from assessments.models import Question

from .answers import choice_token
from .grading import Response, grade

Kind = Question.Kind


def format_duration(delta):
    """A duration as "1 h 05 min", "12 min 04 s" or "40 s"."""
    if delta is None:
        return ""
    seconds = max(0, int(delta.total_seconds()))
    hours, rest = divmod(seconds, 3600)
    minutes, seconds = divmod(rest, 60)
    if hours:
        return _("%(h)d h %(m)02d min") % {"h": hours, "m": minutes}
    if minutes:
        return _("%(m)d min %(s)02d s") % {"m": minutes, "s": seconds}
    return _("%(s)d s") % {"s": seconds}


def cited_url(question):
    """The lesson page at the cited paragraph's anchor, or None (no paragraph, or no lesson pages yet)."""
    paragraph = question.cited_paragraph
    if paragraph is None:
        return None
    try:
        return reverse("lessons:detail", kwargs={"slug": paragraph.lesson.slug}) + "#" + paragraph.slug
    except NoReverseMatch:
        return None


def question_for_taking(attempt_question, answer, attempt_id):
    """The question's prompt and answer fields, filled with the saved answer; nothing of the key."""
    question = attempt_question.question
    response = Response.of(answer) if answer else Response()
    choices = list(question.choices.all())
    view = {
        "id": question.pk,
        "kind": question.kind,
        "kind_label": question.get_kind_display(),
        "prompt": question.prompt,
        "position": attempt_question.position,
        "points": attempt_question.points,
        "answered": answer is not None,
        "saved_at": answer.saved_at if answer else None,
    }
    if question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE):
        view["choices"] = [
            {"id": choice.pk, "text": choice.text, "checked": choice.pk in response.choice_ids}
            for choice in choices
        ]
    elif question.kind == Kind.TRUE_FALSE:
        view["value"] = response.boolean
    elif question.kind == Kind.SHORT_ANSWER:
        view["text"] = response.text
    elif question.kind == Kind.NUMERIC:
        view["number"] = "" if response.number is None else format(response.number.normalize(), "f")
    elif question.kind == Kind.ORDERING:
        tokens = {choice.pk: choice_token(attempt_id, choice.pk) for choice in choices}
        if response.order:
            ordered = [next(c for c in choices if c.pk == pk) for pk in response.order]
        else:
            # The tokens are keyed hashes: sorting by them shuffles the items, stably per attempt.
            ordered = sorted(choices, key=lambda choice: tokens[choice.pk])
        view["items"] = [{"token": tokens[choice.pk], "text": choice.text} for choice in ordered]
    elif question.kind == Kind.MATCHING:
        tokens = {choice.pk: choice_token(attempt_id, choice.pk) for choice in choices}
        view["options"] = [
            {"token": tokens[choice.pk], "text": choice.match_text}
            for choice in sorted(choices, key=lambda choice: tokens[choice.pk][::-1])
        ]
        view["lefts"] = [
            {
                "token": tokens[choice.pk],
                "text": choice.text,
                "selected": tokens.get(response.matches.get(choice.pk), ""),
            }
            for choice in sorted(choices, key=lambda choice: tokens[choice.pk])
        ]
    return view


def yes_no(value):
    return _("True") if value else _("False")


def answer_text(question, response):
    """The student's answer in words, for review and the teacher's view."""
    choices = {choice.pk: choice for choice in question.choices.all()}
    if question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE):
        return [choices[pk].text for pk in sorted(response.choice_ids, key=lambda pk: choices[pk].position)]
    if question.kind == Kind.TRUE_FALSE:
        return [] if response.boolean is None else [yes_no(response.boolean)]
    if question.kind == Kind.SHORT_ANSWER:
        return [response.text] if response.text else []
    if question.kind == Kind.NUMERIC:
        return [] if response.number is None else [format(response.number.normalize(), "f")]
    if question.kind == Kind.ORDERING:
        return [choices[pk].text for pk in response.order]
    return [f"{choices[left].text} → {choices[right].match_text}" for left, right in response.matches.items()]


def key_text(question):
    """The key in words."""
    choices = list(question.choices.all())
    if question.kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE):
        return [choice.text for choice in choices if choice.is_correct]
    if question.kind == Kind.TRUE_FALSE:
        return [yes_no(question.true_false_answer)]
    if question.kind == Kind.SHORT_ANSWER:
        return [accepted.text for accepted in question.accepted_answers.all()]
    if question.kind == Kind.NUMERIC:
        key = format(question.numeric_answer.normalize(), "f") if question.numeric_answer is not None else ""
        if question.numeric_tolerance:
            key += f" ± {format(question.numeric_tolerance.normalize(), 'f')}"
        return [key]
    if question.kind == Kind.ORDERING:
        return [choice.text for choice in sorted(choices, key=lambda choice: choice.correct_rank or 0)]
    return [f"{choice.text} → {choice.match_text}" for choice in choices]


def question_for_review(attempt_question, answer):
    """The question with the student's answer, the key, the explanation, the points and the citation."""
    question = attempt_question.question
    response = Response.of(answer) if answer else Response()
    credit = grade(question, response)
    return {
        "id": question.pk,
        "kind_label": question.get_kind_display(),
        "prompt": question.prompt,
        "position": attempt_question.position,
        "possible": attempt_question.points,
        "answer": answer,
        "points": answer.final_points if answer else None,
        "given": answer_text(question, response),
        "key": key_text(question),
        "correct": credit == 1,
        "partly": 0 < credit < 1,
        "explanation": question.explanation,
        "citation": question.citation,
        "cited_url": cited_url(question),
        "overrides": list(answer.overrides.all()) if answer else [],
    }
