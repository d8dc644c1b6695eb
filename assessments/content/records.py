"""Fixture records (Django's serialization format, natural keys, no pks) for questions, quizzes and
essay prompts."""

import hashlib
import random
from decimal import Decimal

from assessments.models import Question
from lessons.content.records import paragraph_key, record, text

Kind = Question.Kind


def display_order(question_slug, count, *, avoid_identity):
    """A fixed shuffle of `count` positions that depends only on the question's slug.

    Authors list the key first (and ordering items in their right order); students must not see them so.
    The order is the same on every build and survives rewording, so choices keep their rows on reload.
    """
    seed = int.from_bytes(hashlib.sha256(question_slug.encode()).digest()[:8], "big")
    order = list(range(count))
    random.Random(seed).shuffle(order)  # noqa: S311 - a fixed presentation order, not a secret
    if avoid_identity and count > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def decimal_text(value, places):
    return str(Decimal(str(value)).quantize(Decimal(1).scaleb(-places)))


def question_records(lesson_slug, source, entry, position):
    slug, kind = entry["slug"], entry["type"]
    fields = {
        "slug": slug,
        "lesson": [lesson_slug],
        "position": position,
        "kind": kind,
        "prompt": text(entry["prompt"]),
        "points": decimal_text(entry.get("points", 1), 2),
        "explanation": text(entry["explanation"]),
        "citation": text(entry["citation"]),
        "cited_paragraph": paragraph_key(lesson_slug, source, entry["citation"]),
        "true_false_answer": entry["answer"] if kind == Kind.TRUE_FALSE else None,
        "numeric_answer": decimal_text(entry["answer"], 4) if kind == Kind.NUMERIC else None,
        "numeric_tolerance": decimal_text(entry.get("tolerance", 0) if kind == Kind.NUMERIC else 0, 4),
    }
    return [record("assessments.question", **fields), *key_records(slug, kind, entry)]


def key_records(slug, kind, entry):
    question = [slug]
    if kind in (Kind.SINGLE_CHOICE, Kind.MULTIPLE_RESPONSE):
        choices = entry["choices"]
        order = display_order(slug, len(choices), avoid_identity=False)
        return [
            choice_record(
                question, order.index(index), choice["text"], is_correct=choice.get("correct") is True
            )
            for index, choice in enumerate(choices)
        ]
    if kind == Kind.ORDERING:
        items = entry["items"]
        order = display_order(slug, len(items), avoid_identity=True)
        return [
            choice_record(question, order.index(rank), item, correct_rank=rank + 1)
            for rank, item in enumerate(items)
        ]
    if kind == Kind.MATCHING:
        return [
            choice_record(question, index, pair["left"], match_text=text(pair["right"]))
            for index, pair in enumerate(entry["pairs"])
        ]
    if kind == Kind.SHORT_ANSWER:
        return [
            record("assessments.acceptedanswer", question=question, text=text(answer))
            for answer in entry["accepted"]
        ]
    return []


def choice_record(question, index, body, *, is_correct=False, correct_rank=None, match_text=""):
    return record(
        "assessments.choice",
        question=question,
        position=index + 1,
        text=text(body),
        is_correct=is_correct,
        correct_rank=correct_rank,
        match_text=match_text,
    )


def quiz_records(quiz, lesson_slug):
    records = [
        record(
            "assessments.quiz",
            slug=quiz["slug"],
            title=text(quiz["title"]),
            description=text(quiz.get("description") or ""),
            lesson=[lesson_slug] if lesson_slug else None,
        )
    ]
    records += [
        record("assessments.quizquestion", quiz=[quiz["slug"]], question=[slug], position=position)
        for position, slug in enumerate(quiz["questions"], start=1)
    ]
    return records


def essay_records(lesson_slug, entry, position):
    slug = entry["slug"]
    records = [
        record(
            "assessments.essayprompt",
            slug=slug,
            lesson=[lesson_slug],
            position=position,
            title=text(entry["title"]),
            prompt=text(entry["prompt"]),
            min_words=entry["min_words"],
            max_words=entry["max_words"],
        )
    ]
    for criterion_position, criterion in enumerate(entry["rubric"], start=1):
        records.append(
            record(
                "assessments.rubriccriterion",
                prompt=[slug],
                slug=criterion["slug"],
                position=criterion_position,
                name=text(criterion["criterion"]),
                description=text(criterion.get("description") or ""),
            )
        )
        records += [
            record(
                "assessments.rubriclevel",
                criterion=[slug, criterion["slug"]],
                position=level_position,
                label=text(level["label"]),
                points=decimal_text(level["points"], 2),
                descriptor=text(level["descriptor"]),
            )
            for level_position, level in enumerate(criterion["levels"], start=1)
        ]
    return records
