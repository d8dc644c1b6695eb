"""The synthetic database: classes of students with their work, bulk-inserted through the real models.

Every class gets the course's five readings, six quizzes and fifteen essay assignments. Most of it is
past and graded; the final exam and the last essay are open, so students can take and write them. Nearly
every student has a graded attempt per quiz (answers of every type, graded by the real graders) and a
submitted essay per assignment (rubric levels, complete grade). One "bench" student per class owns no
final-exam attempt yet: the benchmark takes the quiz as that student.
"""

import io
import random
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone

from assessments.models import (
    Answer,
    AnswerChoice,
    AnswerMatch,
    AnswerOrder,
    Assignment,
    Attempt,
    AttemptQuestion,
    CriterionScore,
    Essay,
    EssayGrade,
    EssayPrompt,
    EssayVersion,
    ExtraAttempt,
    Question,
    Quiz,
)
from assessments.quizzes.grading import Response, credit_decimal, grade, points_for
from classroom.models import Classroom, Membership, User
from kzcourse.decimals import round_points
from lessons.models import Lesson, ReadingProgress

SCALES = {
    "small": (50,),
    "default": (200,) * 10 + (500,),
}
PASSWORD = "bench-password"  # noqa: S105 (synthetic accounts on a throwaway database)
BATCH = 5000
FIRST_NAMES = ("Abai", "Aigerim", "Dana", "Erlan", "Madina", "Nurlan", "Saule", "Timur")
LAST_NAMES = ("Akhmetov", "Bekova", "Dosanov", "Ermekova", "Iskakov", "Omarova")
WORDS = [
    "Alash",
    "Orda",
    "programme",
    "autonomy",
    "Bokeikhanov",
    "Baitursynov",
    "Dulatov",
    "collectivization",
    "sedentarisation",
    "famine",
    "industrialization",
    "Turksib",
    "Karaganda",
    "coal",
    "Balkhash",
    "copper",
    "Emba",
    "oil",
    "repressions",
    "nomads",
    "aul",
    "Goloshchekin",
    "Little",
    "October",
    "literacy",
    "alphabet",
    "Latin",
    "Cyrillic",
    "schools",
    "newspapers",
    "Kazakh",
    "steppe",
    "congress",
    "Orenburg",
    "Semipalatinsk",
    "Kyzylorda",
    "Alma-Ata",
    "republic",
    "constitution",
    "economy",
    "villages",
]


@dataclass
class ClassWorld:
    classroom: Classroom
    teacher: User
    students: list
    bench_student: User
    assignments: dict = field(default_factory=dict)  # "reading" / "quiz" / "essay" -> [Assignment]

    @property
    def final_exam(self):
        return next(a for a in self.assignments["quiz"] if a.quiz.slug == "final-exam")

    @property
    def open_essay(self):
        return self.assignments["essay"][-1]

    @property
    def past_quiz(self):
        return self.assignments["quiz"][0]

    @property
    def past_essay(self):
        return self.assignments["essay"][0]


@dataclass
class World:
    scale: str
    classes: list
    counts: dict = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def largest(self):
        return max(self.classes, key=lambda c: len(c.students))

    @property
    def typical(self):
        """The first class of the most common size (200 at the default scale)."""
        return self.classes[0]

    @property
    def student_count(self):
        return sum(len(c.students) for c in self.classes)


def essay_text(rng, words):
    return " ".join(rng.choice(WORDS) for _ in range(words))


# Quiz answers: a right and a wrong response per question, graded once by the real graders.


@dataclass
class Template:
    response: Response
    credit: Decimal
    points: Decimal


def responses(question):
    """(right, wrong) Responses for a question of any type."""
    choices = sorted(question.choices.all(), key=lambda c: c.position)
    kind = question.kind
    if kind in (Question.Kind.SINGLE_CHOICE, Question.Kind.MULTIPLE_RESPONSE):
        right = frozenset(c.pk for c in choices if c.is_correct)
        wrong = frozenset(c.pk for c in choices if not c.is_correct)
        return Response(choice_ids=right), Response(choice_ids=frozenset(list(wrong)[:1]))
    if kind == Question.Kind.TRUE_FALSE:
        return Response(boolean=question.true_false_answer), Response(boolean=not question.true_false_answer)
    if kind == Question.Kind.SHORT_ANSWER:
        accepted = list(question.accepted_answers.all())
        return Response(text=accepted[0].text if accepted else "x"), Response(text="I do not know")
    if kind == Question.Kind.NUMERIC:
        number = question.numeric_answer or Decimal(0)
        return Response(number=number), Response(number=number + 1000)
    if kind == Question.Kind.ORDERING:
        order = tuple(c.pk for c in sorted(choices, key=lambda c: c.correct_rank or 0))
        return Response(order=order), Response(order=tuple(reversed(order)))
    if kind == Question.Kind.MATCHING:
        ids = [c.pk for c in choices]
        rotated = ids[1:] + ids[:1]
        return Response(matches={pk: pk for pk in ids}), Response(
            matches=dict(zip(ids, rotated, strict=True))
        )
    raise ValueError(kind)


def quiz_templates():
    """{quiz id: [(QuizQuestion-like (question, position, points), right Template, wrong Template)]}."""
    out = {}
    for quiz in Quiz.objects.prefetch_related(
        "quiz_questions__question__choices", "quiz_questions__question__accepted_answers"
    ):
        rows = []
        for qq in sorted(quiz.quiz_questions.all(), key=lambda q: q.position):
            question = qq.question
            pair = []
            for response in responses(question):
                credit = grade(question, response)
                pair.append(Template(response, credit_decimal(credit), points_for(question.points, credit)))
            rows.append((question, qq.position, question.points, pair[0], pair[1]))
        out[quiz.pk] = rows
    return out


def answer_rows(attempt, template, question, saved_at):
    answer = Answer(
        attempt_id=attempt.pk,
        question_id=question.pk,
        boolean=template.response.boolean,
        text=template.response.text,
        number=template.response.number,
        saved_at=saved_at,
        credit=template.credit,
        points=template.points,
    )
    return answer


def build(scale="default", *, sizes=None, detailed=None, seed=2026, log=print):
    """Build the world on the current (empty, migrated) database; return it with the row counts.

    `sizes` (class sizes) replaces the scale's, for tests that need other shapes; `detailed` limits
    answers and rubric scores to the first N students of each class (the others keep attempts with
    scores and graded essays), which makes a large class quick to build for a query-count test.
    """
    sizes = tuple(sizes or SCALES[scale])
    started = timezone.now()
    rng = random.Random(seed)
    now = timezone.now()
    call_command("load_course", verbosity=0, stdout=io.StringIO())
    lessons = list(Lesson.objects.order_by("number"))
    quizzes = list(Quiz.objects.order_by("pk"))
    quizzes.sort(key=lambda q: q.slug == "final-exam")  # the final exam last
    prompts = list(
        EssayPrompt.objects.prefetch_related("criteria__levels").order_by("lesson__number", "position")
    )
    templates = quiz_templates()
    password = make_password(PASSWORD)
    classes = []
    counts = {}

    with transaction.atomic():
        # People and classes.
        users = []
        plan = []
        for index, size in enumerate(sizes):
            teacher = User(
                username=f"teacher{index:02d}", full_name=f"Teacher {index:02d}", password=password
            )
            students = [
                User(
                    username=f"s{index:02d}-{n:04d}",
                    full_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)} {n:04d}",
                    password=password,
                )
                for n in range(size)
            ]
            users.append(teacher)
            users.extend(students)
            plan.append((teacher, students))
        User.objects.bulk_create(users, batch_size=BATCH)
        classrooms = Classroom.objects.bulk_create(
            [
                Classroom(
                    name=f"History of Kazakhstan {i:02d}", term="Autumn 2026", join_code=f"BENCH{i:02d}"
                )
                for i in range(len(plan))
            ]
        )
        memberships = []
        for classroom, (teacher, students) in zip(classrooms, plan, strict=True):
            memberships.append(Membership(user=teacher, classroom=classroom, role=Membership.Role.TEACHER))
            memberships.extend(
                Membership(user=s, classroom=classroom, role=Membership.Role.STUDENT) for s in students
            )
            classes.append(ClassWorld(classroom, teacher, students, bench_student=students[0]))
        Membership.objects.bulk_create(memberships, batch_size=BATCH)
        counts["students"] = sum(len(c.students) for c in classes)

        # Assignments: readings and quizzes a month back, essays spread over the term; the final exam
        # and the last essay open now.
        assignments = []
        for world in classes:
            teacher = world.teacher
            for i, lesson in enumerate(lessons):
                assignments.append(
                    Assignment(
                        classroom=world.classroom,
                        kind=Assignment.Kind.READING,
                        lesson=lesson,
                        title=f"Read: {lesson.title}"[:200],
                        opens_at=now - timedelta(days=70 - i),
                        due_at=now - timedelta(days=60 - i),
                        created_by=teacher,
                    )
                )
            for i, quiz in enumerate(quizzes):
                final = quiz.slug == "final-exam"
                assignments.append(
                    Assignment(
                        classroom=world.classroom,
                        kind=Assignment.Kind.QUIZ,
                        quiz=quiz,
                        title=quiz.title[:200],
                        opens_at=now - timedelta(days=5 if final else 55 - i),
                        due_at=now + timedelta(days=5) if final else now - timedelta(days=50 - i),
                        late_until=None if final else now - timedelta(days=45 - i),
                        late_penalty_per_day=Decimal(10),
                        late_penalty_max=Decimal(50),
                        max_attempts=1 if final else 2,
                        time_limit_minutes=None,
                        review_policy=Assignment.ReviewPolicy.IMMEDIATELY,
                        created_by=teacher,
                    )
                )
            for i, prompt in enumerate(prompts):
                last = i == len(prompts) - 1
                assignments.append(
                    Assignment(
                        classroom=world.classroom,
                        kind=Assignment.Kind.ESSAY,
                        essay_prompt=prompt,
                        title=prompt.title[:200],
                        points=sum(
                            max(level.points for level in c.levels.all()) for c in prompt.criteria.all()
                        ),
                        opens_at=now - timedelta(days=3 if last else 50 - 3 * i),
                        due_at=now + timedelta(days=10) if last else now - timedelta(days=45 - 3 * i),
                        late_until=None,
                        late_penalty_per_day=Decimal(5),
                        late_penalty_max=Decimal(25),
                        grades_released_at=None if last or i >= len(prompts) - 3 else now - timedelta(days=1),
                        created_by=teacher,
                    )
                )
        Assignment.objects.bulk_create(assignments, batch_size=BATCH)
        for assignment in assignments:
            assignment.quiz = next((q for q in quizzes if q.pk == assignment.quiz_id), None)
            assignment.essay_prompt = next((p for p in prompts if p.pk == assignment.essay_prompt_id), None)
        by_class = {}
        for assignment in assignments:
            by_class.setdefault(assignment.classroom_id, {"reading": [], "quiz": [], "essay": []})[
                assignment.kind
            ].append(assignment)
        for world in classes:
            world.assignments = by_class[world.classroom.pk]
        counts["assignments"] = len(assignments)

        # Readings.
        readings = [
            ReadingProgress(user_id=student.pk, lesson_id=assignment.lesson_id)
            for world in classes
            for student in world.students
            for assignment in world.assignments["reading"]
            if rng.random() < 0.9
        ]
        ReadingProgress.objects.bulk_create(readings, batch_size=BATCH)
        counts["readings"] = len(readings)

        counts.update(build_attempts(classes, templates, rng, now, detailed))
        log(f"  quizzes built: {counts['attempts']} attempts, {counts['answers']} answers")
        counts.update(build_essays(classes, rng, now, detailed))
        log(f"  essays built: {counts['essays']} essays, {counts['criterion_scores']} rubric scores")

        # The bench students may take the final exam as often as the benchmark needs.
        ExtraAttempt.objects.bulk_create(
            ExtraAttempt(
                assignment=world.final_exam,
                student=world.bench_student,
                count=1000,
                reason="benchmark",
                granted_by=world.teacher,
                granted_at=now,
            )
            for world in classes
        )
    if connection.vendor == "postgresql":
        # A live database has planner statistics and a visibility map (autovacuum keeps both); right
        # after a bulk load it has neither until autovacuum gets to it, and the plans (and figures) would
        # depend on when that happens. Without the visibility map PostgreSQL cannot answer from an index
        # alone: the overview's essays query took 27 ms before a VACUUM and 17 ms after.
        # VACUUM cannot run inside a transaction; the build runs in autocommit.
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    world = World(scale=scale, classes=classes, counts=counts)
    world.seconds = round((timezone.now() - started).total_seconds(), 1)
    return world


def build_attempts(classes, templates, rng, now, detailed=None):
    attempts = []
    plan = []  # (attempt, quiz rows, ability)
    for world in classes:
        ability = {s.pk: rng.uniform(0.35, 0.95) for s in world.students}
        for assignment in world.assignments["quiz"]:
            final = assignment.quiz.slug == "final-exam"
            rows = templates[assignment.quiz_id]
            for index, student in enumerate(world.students):
                if (final and student is world.bench_student) or rng.random() < 0.03:
                    continue
                tries = 2 if (not final and rng.random() < 0.03) else 1
                for number in range(1, tries + 1):
                    started = (
                        now - timedelta(days=2, minutes=rng.randrange(600))
                        if final
                        else assignment.due_at - timedelta(days=2, minutes=rng.randrange(2000))
                    )
                    if not final and rng.random() < 0.04:
                        started = assignment.due_at + timedelta(hours=rng.randrange(1, 90))
                    submitted = started + timedelta(minutes=rng.randrange(5, 40))
                    attempt = Attempt(
                        assignment_id=assignment.pk,
                        student_id=student.pk,
                        number=number,
                        state=Attempt.State.SUBMITTED,
                        started_at=started,
                        deadline_at=assignment.closes_at,
                        submitted_at=submitted,
                        finished_by=Attempt.FinishedBy.STUDENT,
                        max_score=sum((row[2] for row in rows), Decimal(0)),
                    )
                    attempts.append(attempt)
                    plan.append((attempt, rows, ability[student.pk], detailed is None or index < detailed))
    Attempt.objects.bulk_create(attempts, batch_size=BATCH)

    attempt_questions, answers, extras = [], [], []
    for attempt, rows, ability, detail in plan:
        total = Decimal(0)
        for question, position, points, right, wrong in rows:
            if detail:
                attempt_questions.append(
                    AttemptQuestion(
                        attempt_id=attempt.pk, question_id=question.pk, position=position, points=points
                    )
                )
            if rng.random() < 0.04:
                continue  # left unanswered
            template = right if rng.random() < ability else wrong
            total += template.points
            if detail:
                answer = answer_rows(attempt, template, question, attempt.submitted_at)
                answers.append(answer)
                extras.append((answer, template.response))
        attempt.score = round_points(total)
    AttemptQuestion.objects.bulk_create(attempt_questions, batch_size=BATCH)
    Answer.objects.bulk_create(answers, batch_size=BATCH)
    Attempt.objects.bulk_update([row[0] for row in plan], ["score"], batch_size=BATCH)
    choices, orders, matches = [], [], []
    for answer, response in extras:
        choices.extend(AnswerChoice(answer_id=answer.pk, choice_id=pk) for pk in response.choice_ids)
        orders.extend(
            AnswerOrder(answer_id=answer.pk, choice_id=pk, rank=rank)
            for rank, pk in enumerate(response.order, 1)
        )
        matches.extend(
            AnswerMatch(answer_id=answer.pk, left_id=left, right_id=right)
            for left, right in response.matches.items()
        )
    AnswerChoice.objects.bulk_create(choices, batch_size=BATCH)
    AnswerOrder.objects.bulk_create(orders, batch_size=BATCH)
    AnswerMatch.objects.bulk_create(matches, batch_size=BATCH)
    return {
        "attempts": len(attempts),
        "attempt_questions": len(attempt_questions),
        "answers": len(answers),
        "answer_rows": len(choices) + len(orders) + len(matches),
    }


def build_essays(classes, rng, now, detailed=None):
    texts = [essay_text(rng, rng.randrange(320, 700)) for _ in range(24)]
    essays, plan = [], []
    for world in classes:
        for assignment in world.assignments["essay"]:
            open_now = assignment.due_at > now
            for index, student in enumerate(world.students):
                if rng.random() < 0.02 and student is not world.bench_student:
                    continue
                text = rng.choice(texts)
                draft = open_now and (student is world.bench_student or rng.random() < 0.6)
                submitted_at = None if draft else assignment.due_at - timedelta(hours=rng.randrange(1, 200))
                if open_now and not draft:
                    submitted_at = now - timedelta(hours=rng.randrange(1, 48))
                essay = Essay(
                    assignment_id=assignment.pk,
                    student_id=student.pk,
                    text=text,
                    word_count=len(text.split()),
                    state=Essay.State.DRAFT if draft else Essay.State.SUBMITTED,
                    revision=3,
                    saved_at=submitted_at or now - timedelta(hours=1),
                    submitted_at=submitted_at,
                )
                essays.append(essay)
                plan.append(
                    (
                        essay,
                        assignment,
                        world.teacher,
                        not open_now and not draft,
                        detailed is None or index < detailed,
                    )
                )
    Essay.objects.bulk_create(essays, batch_size=BATCH)
    EssayVersion.objects.bulk_create(
        (
            EssayVersion(
                essay=essay,
                text=essay.text,
                word_count=essay.word_count,
                is_submission=essay.state == Essay.State.SUBMITTED,
                created_at=essay.saved_at,
            )
            for essay, *_ in plan
            if essay.state == Essay.State.DRAFT
        ),
        batch_size=BATCH,
    )
    grades, scores = [], []
    picks = []
    rubrics = {}
    for essay, assignment, teacher, graded, detail in plan:
        if not graded or rng.random() < 0.05:
            continue
        if assignment.essay_prompt_id not in rubrics:
            rubrics[assignment.essay_prompt_id] = [
                (criterion.pk, list(criterion.levels.all()))
                for criterion in assignment.essay_prompt.criteria.all()
            ]
        picked = [
            (criterion_id, rng.choice(levels)) for criterion_id, levels in rubrics[assignment.essay_prompt_id]
        ]
        points = sum((level.points for _, level in picked), Decimal(0))
        grade_row = EssayGrade(
            essay_id=essay.pk, is_complete=True, rubric_points=points, total=points, graded_by_id=teacher.pk
        )
        grades.append(grade_row)
        if detail:
            picks.append((grade_row, picked))
    EssayGrade.objects.bulk_create(grades, batch_size=BATCH)
    for grade_row, picked in picks:
        scores.extend(
            CriterionScore(grade_id=grade_row.pk, criterion_id=criterion_id, level_id=level.pk)
            for criterion_id, level in picked
        )
    CriterionScore.objects.bulk_create(scores, batch_size=BATCH)
    return {"essays": len(essays), "essay_grades": len(grades), "criterion_scores": len(scores)}
