"""Each rule of fixtures/content/README.md: a broken file gives an error naming its file, item and field."""

import pytest

from assessments.content.course import compile_course
from lessons.content.errors import ContentInvalid

from .conftest import edit_yaml, question

IND = "57-industrialization.yaml"
COL = "58-collectivization.yaml"


def errors_after(scratch, name, change):
    edit_yaml(scratch / "content" / name, change)
    with pytest.raises(ContentInvalid) as raised:
        compile_course(scratch)
    return [(error.file, error.item, error.field, error.message) for error in raised.value.errors]


def has_error(errors, file, item, field, words):
    return any(
        (e_file, e_item, e_field) == (file, item, field) and words in message
        for e_file, e_item, e_field, message in errors
    ), errors


def set_question(question_slug, **fields):
    return lambda data: question(data, question_slug).update(fields)


def drop_question_key(slug, key):
    return lambda data: question(data, slug).pop(key)


def test_the_real_content_is_valid(scratch):
    assert set(compile_course(scratch)) == {"lessons.json", "assessments.json"}


RULES = [
    (
        "citation-not-in-source",
        IND,
        set_question("ind-01", citation="Stalin built the Turksib."),
        ("questions[ind-01]", "citation", "not found verbatim"),
    ),
    (
        "citation-from-another-topic",
        IND,
        set_question(
            "ind-01", citation="Alash Orda was eliminated by Bolshevik Military Revolutionary Committee"
        ),
        ("questions[ind-01]", "citation", "not found verbatim in 57-industrialization.txt"),
    ),
    (
        "note-passage-not-in-source",
        IND,
        lambda d: d["notes"][0].update(passage="Akademik Kurnakov"),
        ("notes[ind-note-politic]", "passage", "not found verbatim"),
    ),
    (
        "timeline-citation-not-in-source",
        IND,
        lambda d: d["timeline"][0].update(citation="in 1917 everything"),
        ("timeline[ind-revolution-1917]", "citation", "not found verbatim"),
    ),
    (
        "timeline-date-not-iso",
        IND,
        lambda d: d["timeline"][0].update(date="5 March 1920"),
        ("timeline[ind-revolution-1917]", "date", "ISO date"),
    ),
    (
        "key-term-not-in-source",
        IND,
        lambda d: d["key_terms"][0].update(term="five-year plan"),
        ("key_terms[ind-term-industrialization]", "term", "does not occur"),
    ),
    (
        "duplicate-question-slug-in-a-file",
        IND,
        set_question("ind-02", slug="ind-01"),
        ("questions[ind-01]", "slug", "duplicate slug"),
    ),
    (
        "duplicate-question-slug-across-files",
        IND,
        set_question("ind-23", slug="col-01"),
        ("questions[col-01]", "slug", "also in 58-collectivization.yaml"),
    ),
    (
        "duplicate-key-term-slug",
        IND,
        lambda d: d["key_terms"][1].update(slug="ind-term-industrialization"),
        ("key_terms[ind-term-industrialization]", "slug", "duplicate slug"),
    ),
    ("bad-slug", IND, set_question("ind-01", slug="ind 01!"), ("questions[ind 01!]", "slug", "letters")),
    (
        "quiz-question-from-another-bank",
        IND,
        lambda d: d["quiz"]["questions"].__setitem__(0, "col-01"),
        ("quiz", "questions", "'col-01' is not a question of this file's bank"),
    ),
    (
        "quiz-not-ten-questions",
        IND,
        lambda d: d["quiz"]["questions"].pop(),
        ("quiz", "questions", "needs exactly 10"),
    ),
    (
        "quiz-question-twice",
        IND,
        lambda d: d["quiz"]["questions"].__setitem__(1, d["quiz"]["questions"][0]),
        ("quiz", "questions", "appears twice"),
    ),
    (
        "too-few-questions",
        IND,
        lambda d: d.update(questions=d["questions"][:19]),
        ("topic", "questions", "at least 20"),
    ),
    (
        "too-few-types",
        IND,
        lambda d: d.update(
            questions=[q for q in d["questions"] if q["type"] not in ("ordering", "matching")]
        ),
        ("topic", "questions", "at least 5"),
    ),
    (
        "too-few-key-terms",
        IND,
        lambda d: d.update(key_terms=d["key_terms"][:7]),
        ("topic", "key_terms", "at least 8"),
    ),
    (
        "too-many-objectives",
        IND,
        lambda d: d["objectives"].extend(["Explain a.", "Explain b."]),
        ("topic", "objectives", "3–5"),
    ),
    (
        "too-few-essay-prompts",
        IND,
        lambda d: d.update(essay_prompts=d["essay_prompts"][:2]),
        ("topic", "essay_prompts", "at least 3"),
    ),
    (
        "too-few-criteria",
        IND,
        lambda d: d["essay_prompts"][0].update(rubric=d["essay_prompts"][0]["rubric"][:3]),
        ("essay_prompts[industrialization-costs]", "rubric", "at least 4"),
    ),
    (
        "not-four-levels",
        IND,
        lambda d: d["essay_prompts"][0]["rubric"][0]["levels"].pop(),
        ("essay_prompts[industrialization-costs].rubric[thesis]", "levels", "exactly 4"),
    ),
    (
        "levels-not-ascending",
        IND,
        lambda d: d["essay_prompts"][0]["rubric"][0]["levels"][2].update(points=1),
        ("essay_prompts[industrialization-costs].rubric[thesis].levels[3]", "points", "does not ascend"),
    ),
    (
        "word-range-not-ascending",
        IND,
        lambda d: d["essay_prompts"][0].update(min_words=900, max_words=400),
        ("essay_prompts[industrialization-costs]", "max_words", "must be more than min_words"),
    ),
    (
        "single-choice-two-correct",
        IND,
        lambda d: question(d, "ind-01")["choices"][1].update(correct=True),
        ("questions[ind-01]", "choices", "exactly one"),
    ),
    (
        "single-choice-no-correct",
        IND,
        lambda d: question(d, "ind-01")["choices"][0].pop("correct"),
        ("questions[ind-01]", "choices", "has 0 correct"),
    ),
    (
        "multiple-response-one-correct",
        IND,
        lambda d: question(d, "ind-02")["choices"][1].pop("correct"),
        ("questions[ind-02]", "choices", "two or more"),
    ),
    (
        "true-false-without-a-boolean",
        IND,
        set_question("ind-09", answer="no"),
        ("questions[ind-09]", "answer", "true or false"),
    ),
    (
        "short-answer-without-variants",
        IND,
        set_question("ind-13", accepted=[]),
        ("questions[ind-13]", "accepted", "one or more"),
    ),
    (
        "numeric-answer-not-a-number",
        IND,
        set_question("ind-18", answer="ninety"),
        ("questions[ind-18]", "answer", "must be a number"),
    ),
    (
        "numeric-negative-tolerance",
        IND,
        set_question("ind-18", tolerance=-1),
        ("questions[ind-18]", "tolerance", "zero or more"),
    ),
    (
        "ordering-too-few-items",
        IND,
        lambda d: question(d, "ind-21")["items"].pop(),
        ("questions[ind-21]", "items", "3–6 items"),
    ),
    (
        "matching-duplicate-right",
        IND,
        lambda d: question(d, "ind-22")["pairs"][1].update(right="Most Kazakhs lived in the countryside"),
        ("questions[ind-22]", "pairs", "appears twice"),
    ),
    ("unknown-type", IND, set_question("ind-01", type="essay"), ("questions[ind-01]", "type", "not one of")),
    (
        "key-of-another-type",
        IND,
        set_question("ind-01", answer=True),
        ("questions[ind-01]", "answer", "does not belong to a single_choice question"),
    ),
    (
        "missing-prompt",
        IND,
        drop_question_key("ind-01", "prompt"),
        ("questions[ind-01]", "prompt", "is required"),
    ),
    (
        "missing-source-file",
        IND,
        lambda d: d.update(source="57-missing.txt"),
        ("topic", "source", "not a file in sources/"),
    ),
    (
        "duplicate-lesson-number",
        COL,
        lambda d: d.update(number=57),
        ("topic", "number", "duplicate lesson number 57"),
    ),
]


@pytest.mark.parametrize(
    ("name", "change", "expected"), [rule[1:] for rule in RULES], ids=[r[0] for r in RULES]
)
def test_a_broken_rule_is_reported_with_file_item_and_field(scratch, name, change, expected):
    errors = errors_after(scratch, name, change)
    assert has_error(errors, name, *expected)


def test_the_final_exam_needs_exactly_twenty_five_questions(scratch):
    errors = errors_after(scratch, "final-exam.yaml", lambda d: d["questions"].pop())
    assert has_error(errors, "final-exam.yaml", "final exam", "questions", "needs exactly 25")


def test_the_final_exam_names_only_questions_of_the_banks(scratch):
    errors = errors_after(scratch, "final-exam.yaml", lambda d: d["questions"].__setitem__(0, "ind-99"))
    assert has_error(
        errors, "final-exam.yaml", "final exam", "questions", "'ind-99' is not a question of any bank"
    )


def test_a_file_that_is_not_yaml_is_reported_with_its_line(scratch):
    path = scratch / "content" / IND
    path.write_text("slug: industrialization\nquestions: [unclosed\n", encoding="utf-8")
    with pytest.raises(ContentInvalid) as raised:
        compile_course(scratch)
    assert any(error.file == IND and error.field == "yaml" for error in raised.value.errors)


def test_every_error_is_reported_at_once(scratch):
    """Two mistakes in two files give two errors, not one per build."""
    edit_yaml(scratch / "content" / COL, lambda d: d.update(period=""))
    errors = errors_after(scratch, IND, set_question("ind-01", citation="nowhere"))
    assert has_error(errors, COL, "topic", "period", "is required")
    assert has_error(errors, IND, "questions[ind-01]", "citation", "not found")
