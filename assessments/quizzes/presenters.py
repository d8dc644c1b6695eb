"""What the quiz pages show of each question: the fields to answer it, and (only for review) its key.

`question_for_taking` reads nothing of the key; `question_for_review` adds it. Keeping the two apart
is what keeps keys out of every page before review is allowed.
"""

from html import escape  # Django's escape is this one wrapped for lazy strings, ~4× the cost per call

from django.urls import NoReverseMatch, reverse
from django.utils.formats import localize
from django.utils.safestring import mark_safe
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


def taking_labels():
    """The fixed words of the quiz form, translated and escaped once per page instead of per question."""
    labels = {
        "true": _("True"),
        "false": _("False"),
        "your_answer": _("Your answer"),
        "your_number": _("Your answer (a number)"),
        "order_help": _(
            "Put the items in order, first at the top. Use the arrows; the order is saved after each move."
        ),
        "move_up": _("Move up"),
        "move_down": _("Move down"),
        "keep_order": _("Save this order as it is"),
        "choose": _("— choose —"),
        "saved": _("Saved"),
        "points": _("%(points)s pt"),
    }
    labels = {name: escape(text) for name, text in labels.items()}
    labels["kinds"] = {kind: escape(str(label)) for kind, label in Question.Kind.choices}
    labels["points_of"] = {}  # points -> "(2 pt)" in the page's language, filled as the page is built
    return labels


def points_text(points, labels):
    text = labels["points_of"].get(points)
    if text is None:
        text = labels["points_of"][points] = labels["points"] % {"points": escape(localize(points))}
    return text


def prompt_html(prompt):
    """The prompt escaped, its line breaks as <br> (the linebreaksbr filter, without its per-call cost)."""
    return escape(prompt).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def question_for_taking(row, saved, attempt_id, labels):
    """One question's fieldset: prompt and answer fields, filled with the saved answer; nothing of the key.

    `row` is a row of selectors.attempt_questions_to_take, `saved` a (Response, saved at) or None. Built
    here rather than in the template: a template renders each of a 25-question quiz's ~700 values through
    its variable machinery, which was the largest part of the page's time. Every value is escaped.
    """
    position, points, question_id, kind, prompt, choices = row
    response = saved[0] if saved else Response()
    qid = str(question_id)
    name = f"q{qid}"
    parts = [
        f'<fieldset class="quiz-question card mb-3" data-question="{qid}" data-kind="{escape(kind)}"'
        f' id="question-{qid}">\n<div class="card-body">\n<legend class="h6 card-title">'
        f'<span class="badge text-bg-light border me-1">{position}</span>{prompt_html(prompt)}\n'
        f'<small class="text-body-secondary">({labels["kinds"].get(kind) or escape(kind)}; '
        f"{points_text(points, labels)})</small>\n</legend>\n"
    ]
    if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE):
        kind_of_input = "radio" if kind == Kind.SINGLE_CHOICE else "checkbox"
        for choice_id, text, _match in choices:
            checked = " checked" if choice_id in response.choice_ids else ""
            parts.append(
                f'<div class="form-check">\n<input class="form-check-input" type="{kind_of_input}"'
                f' name="{name}" id="{name}-c{choice_id}" value="{choice_id}"{checked}>\n'
                f'<label class="form-check-label" for="{name}-c{choice_id}">{escape(text)}</label>\n</div>\n'
            )
    elif kind == Kind.TRUE_FALSE:
        for value, label, checked in (
            ("true", labels["true"], response.boolean is True),
            ("false", labels["false"], response.boolean is False),
        ):
            parts.append(
                f'<div class="form-check form-check-inline">\n<input class="form-check-input" type="radio"'
                f' name="{name}" id="{name}-{value}" value="{value}"{" checked" if checked else ""}>\n'
                f'<label class="form-check-label" for="{name}-{value}">{label}</label>\n</div>\n'
            )
    elif kind in (Kind.SHORT_ANSWER, Kind.NUMERIC):
        if kind == Kind.SHORT_ANSWER:
            suffix, label, attributes, value = "text", labels["your_answer"], 'maxlength="500"', response.text
        else:
            suffix, label, attributes = "number", labels["your_number"], 'inputmode="decimal"'
            value = "" if response.number is None else format(response.number.normalize(), "f")
        css = "form-control" if kind == Kind.SHORT_ANSWER else "form-control quiz-number"
        parts.append(
            f'<label class="visually-hidden" for="{name}-{suffix}">{label}</label>\n'
            f'<input class="{css}" type="text" {attributes} autocomplete="off" name="{name}"'
            f' id="{name}-{suffix}" value="{escape(value)}">\n'
        )
    elif kind == Kind.ORDERING:
        tokens = {choice[0]: choice_token(attempt_id, choice[0]) for choice in choices}
        if response.order:
            by_id = {choice[0]: choice for choice in choices}
            ordered = [by_id[pk] for pk in response.order]
        else:
            # The tokens are keyed hashes: sorting by them shuffles the items, stably per attempt.
            ordered = sorted(choices, key=lambda choice: tokens[choice[0]])
        parts.append(
            f'<p class="small text-body-secondary mb-1">{labels["order_help"]}</p>\n'
            '<ol class="list-group list-group-numbered quiz-order">\n'
        )
        for choice_id, text, _match in ordered:
            parts.append(
                '<li class="list-group-item d-flex justify-content-between align-items-center"'
                f' data-token="{tokens[choice_id]}">\n<span class="ms-2 me-auto">{escape(text)}</span>\n'
                '<span class="btn-group btn-group-sm">\n'
                '<button type="button" class="btn btn-outline-secondary quiz-move" data-move="up"'
                f' aria-label="{labels["move_up"]}">↑</button>\n'
                '<button type="button" class="btn btn-outline-secondary quiz-move" data-move="down"'
                f' aria-label="{labels["move_down"]}">↓</button>\n</span>\n</li>\n'
            )
        parts.append(
            '</ol>\n<button type="button" class="btn btn-sm btn-link px-0 quiz-keep-order">'
            f"{labels['keep_order']}</button>\n"
        )
    elif kind == Kind.MATCHING:
        tokens = {choice[0]: choice_token(attempt_id, choice[0]) for choice in choices}
        options = [
            (tokens[choice_id], escape(match_text))
            for choice_id, _text, match_text in sorted(choices, key=lambda choice: tokens[choice[0]][::-1])
        ]
        for choice_id, text, _match in sorted(choices, key=lambda choice: tokens[choice[0]]):
            token = tokens[choice_id]
            selected = tokens.get(response.matches.get(choice_id), "")
            parts.append(
                '<div class="row g-2 align-items-center mb-1">\n'
                f'<label class="col-sm-5 col-form-label" for="{name}-{token}">{escape(text)}</label>\n'
                f'<div class="col-sm-7">\n<select class="form-select quiz-match" id="{name}-{token}"'
                f' data-left="{token}">\n<option value="">{labels["choose"]}</option>'
            )
            parts.extend(
                f'<option value="{option}"{" selected" if option == selected else ""}>{option_text}</option>'
                for option, option_text in options
            )
            parts.append("\n</select>\n</div>\n</div>\n")
    saved_label = labels["saved"] if saved else ""
    parts.append(
        '<div class="quiz-save-state small mt-2" aria-live="polite" data-testid="save-state">'
        f"{saved_label}</div>\n</div>\n</fieldset>\n"
    )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped)


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
