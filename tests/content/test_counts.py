"""Loaded into an empty database, the course has everything the issue asks of it."""

from collections import Counter

import pytest

from assessments.models import EssayPrompt, Question, Quiz, RubricLevel
from lessons.models import Lesson

pytestmark = pytest.mark.django_db

TOPICS = ["industrialization", "collectivization", "cultural-policy", "repressions", "alash"]


def test_the_course_has_five_lessons_in_source_order(course):
    assert list(Lesson.objects.order_by("number").values_list("number", "slug")) == list(
        zip([57, 58, 59, 60, 61], TOPICS, strict=True)
    )


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_has_twenty_questions_of_five_types(course, slug):
    kinds = Counter(Question.objects.filter(lesson__slug=slug).values_list("kind", flat=True))
    assert sum(kinds.values()) >= 20
    assert len(kinds) >= 5


def test_the_course_has_over_a_hundred_questions_of_every_type(course):
    kinds = Counter(Question.objects.values_list("kind", flat=True))
    assert sum(kinds.values()) >= 100
    assert set(kinds) == set(Question.Kind.values)


@pytest.mark.parametrize("slug", TOPICS)
def test_each_topic_has_three_essay_prompts_with_four_by_four_rubrics(course, slug):
    prompts = EssayPrompt.objects.filter(lesson__slug=slug).prefetch_related("criteria__levels")
    assert len(prompts) >= 3
    for prompt in prompts:
        criteria = list(prompt.criteria.all())
        assert len(criteria) >= 4
        assert all(len(criterion.levels.all()) == 4 for criterion in criteria)


def test_rubric_levels_ascend_in_points(course):
    points = {}
    for level in RubricLevel.objects.order_by("criterion", "position"):
        points.setdefault(level.criterion_id, []).append(level.points)
    assert points
    assert all(values == sorted(set(values)) for values in points.values())


def test_six_quizzes_one_per_topic_of_ten_and_a_final_exam_of_twenty_five(course):
    sizes = {quiz.lesson.slug if quiz.lesson else None: quiz.questions.count() for quiz in Quiz.objects.all()}
    assert sizes == {**dict.fromkeys(TOPICS, 10), None: 25}


def test_the_final_exam_draws_on_all_five_topics(course):
    final = Quiz.objects.get(lesson=None)
    assert set(final.questions.values_list("lesson__slug", flat=True)) == set(TOPICS)


@pytest.mark.parametrize("slug", TOPICS)
def test_each_lesson_has_its_study_aids(course, slug):
    """3–5 objectives, 8 or more key terms, a timeline, people and editor's notes."""
    lesson = Lesson.objects.get(slug=slug)
    assert 3 <= lesson.objectives.count() <= 5
    assert lesson.key_terms.count() >= 8
    assert lesson.timeline_events.exists()
    assert lesson.people.exists()
    assert lesson.notes.exists()


def test_every_question_has_its_key(course):
    """Choice questions have a correct choice, the others their key fields."""
    Kind = Question.Kind
    for question in Question.objects.prefetch_related("choices", "accepted_answers"):
        choices = list(question.choices.all())
        match question.kind:
            case Kind.SINGLE_CHOICE:
                assert sum(choice.is_correct for choice in choices) == 1, question.slug
            case Kind.MULTIPLE_RESPONSE:
                assert sum(choice.is_correct for choice in choices) >= 2, question.slug
            case Kind.TRUE_FALSE:
                assert question.true_false_answer is not None, question.slug
            case Kind.SHORT_ANSWER:
                assert question.accepted_answers.all(), question.slug
            case Kind.NUMERIC:
                assert question.numeric_answer is not None, question.slug
            case Kind.ORDERING:
                ranks = sorted(choice.correct_rank for choice in choices)
                assert ranks == list(range(1, len(choices) + 1)), question.slug
            case Kind.MATCHING:
                assert all(choice.match_text for choice in choices), question.slug


def test_ordering_items_are_not_shown_in_their_correct_order(course):
    """The author lists items in the right order; the stored display order must not give the key away."""
    for question in Question.objects.filter(kind=Question.Kind.ORDERING).prefetch_related("choices"):
        ranks = [choice.correct_rank for choice in question.choices.all()]
        assert ranks != sorted(ranks), question.slug


def test_question_citations_link_to_a_paragraph_that_holds_them(course):
    for question in Question.objects.select_related("cited_paragraph"):
        assert question.cited_paragraph is not None, question.slug
        first_words = " ".join(question.citation.split()[:4])
        assert first_words in " ".join(question.cited_paragraph.text.split()), question.slug
