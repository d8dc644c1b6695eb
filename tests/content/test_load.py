"""load_course is safe to repeat and to run after an edit: rows are updated in place, answers stay linked."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from assessments.content.course import compile_course
from assessments.content.load import course_load, read_fixtures
from assessments.models import AcceptedAnswer, Choice, Question, Quiz, RubricLevel
from lessons.models import EditorNote, Lesson, Paragraph
from tests.factories import AssignmentFactory, UserFactory

from .conftest import FIXTURES, edit_yaml, question

pytestmark = pytest.mark.django_db

COUNTED = [Lesson, Paragraph, EditorNote, Question, Choice, AcceptedAnswer, Quiz, RubricLevel]


def counts():
    return {model.__name__: model.objects.count() for model in COUNTED}


def compiled(scratch):
    return [record for records in compile_course(scratch).values() for record in records]


@pytest.fixture
def loaded(scratch):
    """The course compiled from a scratch copy of the content, loaded: the state an edit starts from."""
    return course_load(records=compiled(scratch))


def reload_after(scratch, name, change):
    edit_yaml(scratch / "content" / name, change)
    return course_load(records=compiled(scratch))


def test_loading_twice_creates_nothing_new(course):
    before = counts()
    report = course_load(records=read_fixtures(FIXTURES))
    assert not report.changed
    assert counts() == before


def test_the_command_loads_the_course_and_says_so_the_second_time(db, capsys):
    call_command("load_course")
    call_command("load_course")
    assert Lesson.objects.count() == 5
    assert "already up to date" in capsys.readouterr().out


def test_a_reworded_question_keeps_its_rows(loaded, scratch):
    """Rewording a question and its choices updates the rows in place: every answer's link survives."""
    before = Question.objects.get(slug="ind-01")
    choice_pks = {choice.text: choice.pk for choice in before.choices.all()}

    def reword(data):
        entry = question(data, "ind-01")
        entry["prompt"] = "Which leader, according to the source, wanted rapid heavy industrialization?"
        entry["choices"][1]["text"] = "Nikolai I. Bukharin"

    report = reload_after(scratch, "57-industrialization.yaml", reword)
    after = Question.objects.get(slug="ind-01")
    assert after.pk == before.pk
    assert after.prompt.startswith("Which leader")
    assert report.updated["assessments.question"] == 1
    assert report.created["assessments.choice"] == 0
    assert report.deleted["assessments.choice"] == 0
    renamed = after.choices.get(pk=choice_pks["Nikolai Bukharin"])
    assert renamed.text == "Nikolai I. Bukharin"
    assert set(after.choices.values_list("pk", flat=True)) == set(choice_pks.values())


def test_a_student_answer_stays_attached_after_a_reworded_reload(loaded, scratch):
    """A row that points at a question's choice (a student's pick) still points at the same choice."""
    from assessments.models.attempts import Answer, AnswerChoice  # the quizzes' answer rows

    picked = Choice.objects.get(question__slug="ind-02", text="To pay for imports of machinery")
    now = timezone.now()
    attempt = AssignmentFactory(kind="quiz").attempts.create(
        student=UserFactory(), number=1, started_at=now, deadline_at=now + timedelta(hours=1)
    )
    answer = Answer.objects.create(attempt=attempt, question=picked.question, saved_at=now)
    AnswerChoice.objects.create(answer=answer, choice=picked)

    reload_after(
        scratch,
        "57-industrialization.yaml",
        lambda data: question(data, "ind-02")["choices"][1].update(text="To pay for machinery bought abroad"),
    )
    link = AnswerChoice.objects.select_related("choice").get(answer=answer)
    assert link.choice.pk == picked.pk
    assert link.choice.text == "To pay for machinery bought abroad"
    assert link.choice.is_correct


def test_a_removed_choice_is_deleted_and_an_added_one_created(loaded, scratch):
    def change(data):
        choices = question(data, "ind-01")["choices"]
        choices.pop()
        choices.append({"text": "Lazar Kaganovich"})
        choices.append({"text": "Vyacheslav Molotov"})

    report = reload_after(scratch, "57-industrialization.yaml", change)
    texts = set(Choice.objects.filter(question__slug="ind-01").values_list("text", flat=True))
    assert "Mikhail Kalinin" not in texts
    assert {"Lazar Kaganovich", "Vyacheslav Molotov", "Joseph Stalin"} <= texts
    assert len(texts) == 5
    assert report.created["assessments.choice"] == 1


def test_a_reordered_quiz_reloads(loaded, scratch):
    """Moving questions within a quiz updates positions without tripping the one-position rule."""
    report = reload_after(
        scratch, "57-industrialization.yaml", lambda data: data["quiz"]["questions"].reverse()
    )
    quiz = Quiz.objects.get(slug="industrialization-quiz")
    slugs = list(quiz.quiz_questions.order_by("position").values_list("question__slug", flat=True))
    assert slugs == sorted(slugs, reverse=True)
    assert report.created["assessments.quizquestion"] == 0


def test_a_question_dropped_from_the_content_is_kept(loaded, scratch):
    """Students' work may point at it, so it stays (the report counts it) and leaves the quiz."""

    in_quizzes = set(Quiz.objects.values_list("questions__slug", flat=True))
    dropped = Question.objects.filter(lesson__slug="industrialization").exclude(slug__in=in_quizzes).first()

    def drop(data):
        data["questions"] = [entry for entry in data["questions"] if entry["slug"] != dropped.slug]

    report = reload_after(scratch, "57-industrialization.yaml", drop)
    assert Question.objects.filter(pk=dropped.pk).exists()
    assert report.kept["assessments.question"] == 1


def test_a_quiz_question_swapped_for_another_leaves_the_quiz(loaded, scratch):
    """The dropped question's place in the quiz is deleted, even though the question itself is kept."""
    quiz = Quiz.objects.get(slug="industrialization-quiz")
    final = Quiz.objects.get(lesson=None)
    out = quiz.questions.exclude(quizzes=final).order_by("quiz_questions__position").first()
    spare = (
        Question.objects.filter(lesson__slug="industrialization").exclude(quizzes__in=[quiz, final]).first()
    )

    def swap(data):
        data["questions"] = [entry for entry in data["questions"] if entry["slug"] != out.slug]
        data["quiz"]["questions"] = [
            spare.slug if slug == out.slug else slug for slug in data["quiz"]["questions"]
        ]

    reload_after(scratch, "57-industrialization.yaml", swap)
    slugs = list(quiz.quiz_questions.values_list("question__slug", flat=True))
    assert spare.slug in slugs
    assert out.slug not in slugs
    assert len(slugs) == 10


def test_an_edited_source_moves_a_paragraph_in_place(loaded, scratch):
    """Paragraphs are keyed by anchor: a changed reading updates p1 rather than adding a paragraph."""
    before = Paragraph.objects.get(lesson__slug="industrialization", slug="p1")
    reload_after(scratch, "57-industrialization.yaml", lambda data: data.update(summary="A new summary."))
    assert Lesson.objects.get(slug="industrialization").summary == "A new summary."
    assert Paragraph.objects.get(lesson__slug="industrialization", slug="p1").pk == before.pk
