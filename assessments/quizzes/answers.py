"""Reading a posted answer: every value checked against the attempt's own questions and choices.

A posted answer is a mapping (JSON, or form fields turned into one):
`question` (id) and, by the question's type, `choice` (id), `choices` (ids), `value` (true/false),
`text`, `number`, `order` (item tokens, first to last) or `matches` ({left token: right token}).
Ordering and matching items are named by per-attempt tokens, not ids, because ids follow the order
the key was written in.
"""

from decimal import Decimal, InvalidOperation
from http import HTTPStatus
from typing import NamedTuple

from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

from assessments.models import Question

from .grading import Response

Kind = Question.Kind
MAX_TEXT = 500
NUMBER_LIMIT = Decimal("1e14")


class AnswerRefused(Exception):
    """An answer that cannot be stored; `status` is the HTTP status to answer with."""

    def __init__(self, message, status=HTTPStatus.BAD_REQUEST):
        super().__init__(message)
        self.message = message
        self.status = status


class Asked(NamedTuple):
    """The question an answer is posted for, as reading the answer needs it: nothing of the key."""

    pk: int
    kind: str
    choice_ids: frozenset  # the ids of its choices (items, for ordering and matching)


def choice_token(attempt_id, choice_id):
    """An opaque name for an item of an ordering or matching question, stable within one attempt."""
    return salted_hmac("kzcourse.quiz.item", f"{attempt_id}:{choice_id}", algorithm="sha256").hexdigest()[:16]


def as_id(value):
    """An integer id from a JSON number or a string of digits; None for anything else."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, str) and value.strip().isdigit() and len(value.strip()) < 19:
        return int(value.strip())
    return None


def clean_text(value):
    if not isinstance(value, str):
        raise AnswerRefused(_("The answer must be text."))
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        raise AnswerRefused(_("The answer contains characters that cannot be stored.")) from None
    if "\x00" in value:
        raise AnswerRefused(_("The answer contains characters that cannot be stored."))
    value = value.strip()
    if len(value) > MAX_TEXT:
        raise AnswerRefused(_("The answer is too long (at most %(max)d characters).") % {"max": MAX_TEXT})
    return value


def clean_number(value):
    if isinstance(value, bool) or not isinstance(value, (str, int, float)):
        raise AnswerRefused(_("Enter a number."))
    if isinstance(value, str):
        value = value.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
        if not value:
            return None
        if len(value) > 40:
            raise AnswerRefused(_("Enter a number."))
    try:
        number = Decimal(str(value))
    except (InvalidOperation, ValueError):
        raise AnswerRefused(_("Enter a number.")) from None
    if not number.is_finite() or abs(number) >= NUMBER_LIMIT:
        raise AnswerRefused(_("Enter a number between −10¹⁴ and 10¹⁴."))
    return number.quantize(Decimal("0.000001"))


def choice_ids(question, values):
    """The ids in `values`, each a choice of this question, else AnswerRefused."""
    own = question.choice_ids
    ids = [as_id(value) for value in values]
    if any(pk is None for pk in ids):
        raise AnswerRefused(_("A choice must be given by its number."))
    if any(pk not in own for pk in ids):
        raise AnswerRefused(_("That choice does not belong to this question."))
    if len(set(ids)) != len(ids):
        raise AnswerRefused(_("A choice was given twice."))
    return frozenset(ids)


def parse_response(question, payload, attempt_id):
    """The Response a payload gives for `question` (an Asked), or AnswerRefused with a message."""
    kind = question.kind
    if kind == Kind.SINGLE_CHOICE:
        if "choice" not in payload:
            raise AnswerRefused(_("Pick a choice."))
        return Response(choice_ids=choice_ids(question, [payload["choice"]]))
    if kind == Kind.MULTIPLE_RESPONSE:
        values = payload.get("choices", [])
        if not isinstance(values, list):
            raise AnswerRefused(_("The choices must be a list."))
        return Response(choice_ids=choice_ids(question, values))
    if kind == Kind.TRUE_FALSE:
        value = payload.get("value")
        if value in (True, "true"):
            return Response(boolean=True)
        if value in (False, "false"):
            return Response(boolean=False)
        raise AnswerRefused(_("Answer true or false."))
    if kind == Kind.SHORT_ANSWER:
        return Response(text=clean_text(payload.get("text", "")))
    if kind == Kind.NUMERIC:
        return Response(number=clean_number(payload.get("number", "")))
    tokens = {choice_token(attempt_id, pk): pk for pk in question.choice_ids}
    if kind == Kind.ORDERING:
        order = payload.get("order")
        if not isinstance(order, list) or not all(isinstance(token, str) for token in order):
            raise AnswerRefused(_("The order must be a list of items."))
        if sorted(order) != sorted(tokens):
            raise AnswerRefused(_("The order must list every item of this question exactly once."))
        return Response(order=tuple(tokens[token] for token in order))
    if kind == Kind.MATCHING:
        matches = payload.get("matches")
        if not isinstance(matches, dict) or not all(
            isinstance(key, str) and isinstance(value, str) for key, value in matches.items()
        ):
            raise AnswerRefused(_("The matches must pair items with items."))
        if any(key not in tokens or (value and value not in tokens) for key, value in matches.items()):
            raise AnswerRefused(_("An item does not belong to this question."))
        return Response(matches={tokens[key]: tokens[value] for key, value in matches.items() if value})
    raise AnswerRefused(_("This question cannot be answered here."))  # pragma: no cover


def response_echo(question, response, attempt_id):
    """The saved answer as the page's fields name it (sent back after a save; no correctness)."""
    kind = question.kind
    if kind == Kind.SINGLE_CHOICE:
        return {"choice": next(iter(response.choice_ids), None)}
    if kind == Kind.MULTIPLE_RESPONSE:
        return {"choices": sorted(response.choice_ids)}
    if kind == Kind.TRUE_FALSE:
        return {"value": response.boolean}
    if kind == Kind.SHORT_ANSWER:
        return {"text": response.text}
    if kind == Kind.NUMERIC:
        return {"number": None if response.number is None else format(response.number.normalize(), "f")}
    if kind == Kind.ORDERING:
        return {"order": [choice_token(attempt_id, pk) for pk in response.order]}
    return {
        "matches": {
            choice_token(attempt_id, left): choice_token(attempt_id, right)
            for left, right in response.matches.items()
        }
    }
