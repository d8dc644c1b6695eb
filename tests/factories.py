"""factory_boy factories for the models every test needs."""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from classroom.models import Classroom, Membership

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save(update_fields=["password"])


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    name = factory.Sequence(lambda n: f"History group {n}")
    term = "Autumn 2026"
    join_code = factory.Sequence(lambda n: f"CODE{n:04d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    role = Membership.Role.STUDENT


def teacher_of(classroom, **kwargs):
    return MembershipFactory(classroom=classroom, role=Membership.Role.TEACHER, **kwargs).user


def student_of(classroom, **kwargs):
    return MembershipFactory(classroom=classroom, role=Membership.Role.STUDENT, **kwargs).user


# Course content. Most tests can load the real course instead (fixtures/*.json); these make the
# small, controlled pieces a test needs.


class LessonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Lesson"
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"topic-{n}")
    number = factory.Sequence(lambda n: 100 + n)
    title = factory.Sequence(lambda n: f"Topic {n}")
    period = "1920–1930"
    heading = factory.LazyAttribute(lambda lesson: f"{lesson.number}) {lesson.title}.")
    summary = "A short summary."


class ParagraphFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "lessons.Paragraph"

    lesson = factory.SubFactory(LessonFactory)
    slug = factory.Sequence(lambda n: f"p{n + 1}")
    position = factory.Sequence(lambda n: n)
    text = "Alash Orda was eliminated by Bolshevik Military Revolutionary Committee on 5 March 1920."


class QuestionFactory(factory.django.DjangoModelFactory):
    """A single-choice question with three choices, the first one correct."""

    class Meta:
        model = "assessments.Question"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"q-{n}")
    lesson = factory.SubFactory(LessonFactory)
    position = factory.Sequence(lambda n: n)
    kind = "single_choice"
    prompt = factory.Sequence(lambda n: f"Question {n}?")
    explanation = "Because the source says so."
    citation = "on 5 March 1920"

    @factory.post_generation
    def choices(question, create, extracted, **kwargs):
        if not create or question.kind not in ("single_choice", "multiple_response"):
            return
        texts = extracted or ["Right", "Wrong one", "Wrong two"]
        for position, text in enumerate(texts):
            question.choices.create(position=position, text=text, is_correct=position == 0)


class QuizFactory(factory.django.DjangoModelFactory):
    """A quiz; pass `questions=[...]` to put questions in it, in that order."""

    class Meta:
        model = "assessments.Quiz"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"quiz-{n}")
    title = factory.Sequence(lambda n: f"Quiz {n}")
    lesson = factory.SubFactory(LessonFactory)

    @factory.post_generation
    def questions(quiz, create, extracted, **kwargs):
        if not create:
            return
        for position, question in enumerate(extracted or [], start=1):
            quiz.quiz_questions.create(question=question, position=position)


class EssayPromptFactory(factory.django.DjangoModelFactory):
    """An essay prompt with a rubric of `criteria` criteria × 4 levels worth 1–4 points."""

    class Meta:
        model = "assessments.EssayPrompt"
        skip_postgeneration_save = True

    slug = factory.Sequence(lambda n: f"essay-{n}")
    lesson = factory.SubFactory(LessonFactory)
    title = factory.Sequence(lambda n: f"Essay {n}")
    prompt = "Explain the causes and consequences."
    min_words = 50
    max_words = 500

    @factory.post_generation
    def criteria(prompt, create, extracted, **kwargs):
        if not create:
            return
        for position, name in enumerate(["Thesis", "Evidence", "Accuracy", "Organisation"][: extracted or 4]):
            criterion = prompt.criteria.create(slug=name.lower(), position=position, name=name)
            for level, label in enumerate(["Beginning", "Developing", "Proficient", "Exemplary"], start=1):
                criterion.levels.create(
                    position=level, label=label, points=level, descriptor=f"{label} {name}"
                )


class AssignmentFactory(factory.django.DjangoModelFactory):
    """An open assignment of a quiz (default), a reading (`kind="reading"`) or an essay (`kind="essay"`)."""

    class Meta:
        model = "assessments.Assignment"

    classroom = factory.SubFactory(ClassroomFactory)
    kind = "quiz"
    lesson = factory.Maybe(
        factory.LazyAttribute(lambda a: a.kind == "reading"), factory.SubFactory(LessonFactory), None
    )
    quiz = factory.Maybe(
        factory.LazyAttribute(lambda a: a.kind == "quiz"), factory.SubFactory(QuizFactory), None
    )
    essay_prompt = factory.Maybe(
        factory.LazyAttribute(lambda a: a.kind == "essay"), factory.SubFactory(EssayPromptFactory), None
    )
    title = factory.Sequence(lambda n: f"Assignment {n}")
    opens_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=7))
