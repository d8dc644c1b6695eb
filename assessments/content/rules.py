"""The rules of fixtures/content/README.md for question banks, quizzes and essay prompts."""

from decimal import Decimal, InvalidOperation

from assessments.models import AcceptedAnswer, EssayPrompt, Question, Quiz, RubricCriterion, RubricLevel
from lessons.content.rules import (
    check_quote,
    check_slug,
    check_unique_slugs,
    entries_of,
    item_label,
    max_length,
)

Kind = Question.Kind
MIN_QUESTIONS, MIN_KINDS = 20, 5
MIN_PROMPTS, MIN_CRITERIA, LEVELS = 3, 4, 4
QUIZ_SIZE, FINAL_EXAM_SIZE = 10, 25
MIN_ITEMS, MAX_ITEMS = 3, 6
KEY_FIELDS = {
    Kind.SINGLE_CHOICE: {"choices"},
    Kind.MULTIPLE_RESPONSE: {"choices"},
    Kind.TRUE_FALSE: {"answer"},
    Kind.SHORT_ANSWER: {"accepted"},
    Kind.NUMERIC: {"answer", "tolerance"},
    Kind.ORDERING: {"items"},
    Kind.MATCHING: {"pairs"},
}
ALL_KEY_FIELDS = set().union(*KEY_FIELDS.values())


def number(value):
    """The value as a Decimal, or None when it is not a number."""
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:
        return None
    return result if result.is_finite() else None


def check_questions(errors, data, source):
    questions = entries_of(errors, data, "questions")
    if len(questions) < MIN_QUESTIONS:
        errors.add("topic", "questions", f"has {len(questions)}; a topic needs at least {MIN_QUESTIONS}")
    kinds = {entry.get("type") for entry in questions} & set(Kind.values)
    if len(kinds) < MIN_KINDS:
        errors.add("topic", "questions", f"are of {len(kinds)} types; a topic needs at least {MIN_KINDS}")
    for index, entry in enumerate(questions):
        check_question(errors, item_label("questions", entry, index), entry, source)
    check_unique_slugs(errors, "questions", questions)


def check_question(errors, item, entry, source):
    check_slug(errors, item, entry, max_len=max_length(Question, "slug"))
    errors.text(item, entry, "prompt")
    errors.text(item, entry, "explanation")
    check_quote(errors, item, "citation", errors.text(item, entry, "citation"), source)
    if "points" in entry:
        points = number(entry["points"])
        if points is None or points <= 0:
            errors.add(item, "points", f"{entry['points']!r} is not a positive number")
    kind = entry.get("type")
    if kind not in Kind.values:
        errors.add(item, "type", f"{kind!r} is not one of {', '.join(Kind.values)}")
        return
    for extra in sorted((ALL_KEY_FIELDS - KEY_FIELDS[kind]) & set(entry)):
        errors.add(item, extra, f"does not belong to a {kind} question")
    CHECK_KEY[kind](errors, item, entry)


def check_choices(errors, item, entry, *, multiple):
    choices = errors.items(item, entry, "choices")
    if len(choices) < 2 + multiple:
        errors.add(item, "choices", f"has {len(choices)}; needs at least {2 + multiple}")
    texts, correct = [], 0
    for index, choice in enumerate(choices):
        if not isinstance(choice, dict):
            errors.add(f"{item}.choices[{index + 1}]", "entry", "must be a mapping with text (and correct)")
            continue
        texts.append(errors.text(f"{item}.choices[{index + 1}]", choice, "text"))
        flag = choice.get("correct", False)
        if not isinstance(flag, bool):
            errors.add(f"{item}.choices[{index + 1}]", "correct", "must be true or false")
        correct += flag is True
    check_distinct(errors, item, "choices", texts)
    if multiple:
        if correct < 2:
            errors.add(item, "choices", f"has {correct} correct; a multiple response needs two or more")
        if correct == len(choices):
            errors.add(item, "choices", "are all correct; a multiple response needs a wrong choice")
    elif correct != 1:
        errors.add(item, "choices", f"has {correct} correct; a single choice needs exactly one")


def check_true_false(errors, item, entry):
    if not isinstance(entry.get("answer"), bool):
        errors.add(item, "answer", "must be true or false")


def check_short_answer(errors, item, entry):
    accepted = errors.items(item, entry, "accepted")
    if not accepted:
        errors.add(item, "accepted", "needs one or more accepted answers")
    texts = []
    for index, answer in enumerate(accepted):
        if isinstance(answer, bool) or not isinstance(answer, str | int | float) or not str(answer).strip():
            errors.add(item, "accepted", f"entry {index + 1} is not text")
            continue
        texts.append(str(answer).strip())
        if len(texts[-1]) > max_length(AcceptedAnswer, "text"):
            errors.add(item, "accepted", f"entry {index + 1} is too long")
    check_distinct(errors, item, "accepted", texts)


def check_numeric(errors, item, entry):
    answer = number(entry.get("answer"))
    if answer is None:
        errors.add(item, "answer", "must be a number")
    elif abs(answer) >= 10**10:
        errors.add(item, "answer", "is too large to store")
    if "tolerance" in entry:
        tolerance = number(entry["tolerance"])
        if tolerance is None or tolerance < 0:
            errors.add(item, "tolerance", "must be a number of zero or more")


def check_ordering(errors, item, entry):
    items = errors.items(item, entry, "items")
    if not MIN_ITEMS <= len(items) <= MAX_ITEMS:
        errors.add(item, "items", f"has {len(items)}; ordering needs {MIN_ITEMS}–{MAX_ITEMS} items")
    texts = [str(text).strip() for text in items if isinstance(text, str | int) and str(text).strip()]
    if len(texts) != len(items):
        errors.add(item, "items", "must all be text")
    check_distinct(errors, item, "items", texts)


def check_matching(errors, item, entry):
    pairs = errors.items(item, entry, "pairs")
    if not MIN_ITEMS <= len(pairs) <= MAX_ITEMS:
        errors.add(item, "pairs", f"has {len(pairs)}; matching needs {MIN_ITEMS}–{MAX_ITEMS} pairs")
    lefts, rights = [], []
    for index, pair in enumerate(pairs):
        if not isinstance(pair, dict):
            errors.add(f"{item}.pairs[{index + 1}]", "entry", "must be a mapping with left and right")
            continue
        lefts.append(errors.text(f"{item}.pairs[{index + 1}]", pair, "left"))
        rights.append(errors.text(f"{item}.pairs[{index + 1}]", pair, "right"))
    check_distinct(errors, item, "pairs", lefts)
    check_distinct(errors, item, "pairs", rights)


CHECK_KEY = {
    Kind.SINGLE_CHOICE: lambda errors, item, entry: check_choices(errors, item, entry, multiple=False),
    Kind.MULTIPLE_RESPONSE: lambda errors, item, entry: check_choices(errors, item, entry, multiple=True),
    Kind.TRUE_FALSE: check_true_false,
    Kind.SHORT_ANSWER: check_short_answer,
    Kind.NUMERIC: check_numeric,
    Kind.ORDERING: check_ordering,
    Kind.MATCHING: check_matching,
}


def check_distinct(errors, item, field_name, texts):
    seen = set()
    for text in texts:
        key = " ".join(text.split()).casefold()
        if key and key in seen:
            errors.add(item, field_name, f"{text!r} appears twice")
        seen.add(key)


def check_quiz(errors, quiz, *, item, bank, size):
    """A quiz of exactly `size` distinct questions, every one from `bank` (slugs)."""
    if not isinstance(quiz, dict):
        errors.add(item, "quiz", "is required: a mapping with slug, title and questions")
        return
    check_slug(errors, item, quiz, max_len=max_length(Quiz, "slug"))
    errors.text(item, quiz, "title", max_length=max_length(Quiz, "title"))
    errors.text(item, quiz, "description", required=False)
    slugs = errors.items(item, quiz, "questions")
    if len(slugs) != size:
        errors.add(item, "questions", f"has {len(slugs)}; needs exactly {size}")
    seen = set()
    for slug in slugs:
        if not isinstance(slug, str) or slug not in bank:
            errors.add(item, "questions", f"{slug!r} is not a question of {bank.name}")
        elif slug in seen:
            errors.add(item, "questions", f"{slug!r} appears twice")
        seen.add(slug)


class Bank(set):
    """Question slugs, with a name for messages ("this file's bank", "any bank")."""

    def __init__(self, slugs, name):
        super().__init__(slugs)
        self.name = name


def check_essay_prompts(errors, data):
    prompts = entries_of(errors, data, "essay_prompts")
    if len(prompts) < MIN_PROMPTS:
        errors.add("topic", "essay_prompts", f"has {len(prompts)}; a topic needs at least {MIN_PROMPTS}")
    for index, entry in enumerate(prompts):
        check_essay_prompt(errors, item_label("essay_prompts", entry, index), entry)
    check_unique_slugs(errors, "essay_prompts", prompts)


def check_essay_prompt(errors, item, entry):
    check_slug(errors, item, entry, max_len=max_length(EssayPrompt, "slug"))
    errors.text(item, entry, "title", max_length=max_length(EssayPrompt, "title"))
    errors.text(item, entry, "prompt")
    words = [entry.get("min_words"), entry.get("max_words")]
    for field_name, value in zip(("min_words", "max_words"), words, strict=True):
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            errors.add(item, field_name, "must be a positive whole number")
    if all(isinstance(value, int) for value in words) and words[0] >= words[1]:
        errors.add(item, "max_words", f"{words[1]} must be more than min_words {words[0]}")
    rubric = errors.items(item, entry, "rubric")
    if len(rubric) < MIN_CRITERIA:
        errors.add(item, "rubric", f"has {len(rubric)} criteria; needs at least {MIN_CRITERIA}")
    for index, criterion in enumerate(rubric):
        check_criterion(errors, f"{item}.{item_label('rubric', criterion, index)}", criterion)
    check_unique_slugs(errors, f"{item}.rubric", [c for c in rubric if isinstance(c, dict)])


def check_criterion(errors, item, criterion):
    if not isinstance(criterion, dict):
        errors.add(item, "entry", "must be a mapping with slug, criterion and levels")
        return
    check_slug(errors, item, criterion, max_len=max_length(RubricCriterion, "slug"))
    errors.text(item, criterion, "criterion", max_length=max_length(RubricCriterion, "name"))
    errors.text(item, criterion, "description", required=False)
    levels = errors.items(item, criterion, "levels")
    if len(levels) != LEVELS:
        errors.add(item, "levels", f"has {len(levels)}; a criterion needs exactly {LEVELS}")
    previous = None
    for index, level in enumerate(levels):
        level_item = f"{item}.levels[{index + 1}]"
        if not isinstance(level, dict):
            errors.add(level_item, "entry", "must be a mapping with label, points and descriptor")
            continue
        errors.text(level_item, level, "label", max_length=max_length(RubricLevel, "label"))
        errors.text(level_item, level, "descriptor")
        points = number(level.get("points"))
        if points is None or points < 0:
            errors.add(level_item, "points", f"{level.get('points')!r} is not a number of zero or more")
            continue
        if previous is not None and points <= previous:
            errors.add(level_item, "points", f"{points} does not ascend from the level before ({previous})")
        previous = points
