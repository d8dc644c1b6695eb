"""In-process measurements: every page the issue lists, with Django's test client, warm, ≥ 30 samples.

Each measurement carries its targets (bench.report judges them against the floor).
"""

import itertools
import json
import resource
import time
import tracemalloc
from decimal import Decimal
from http import HTTPStatus

from django.test import Client
from django.urls import reverse

from assessments.models import Answer, Attempt, Essay, Question
from assessments.quizzes import services as quiz_services

from .build import quiz_templates
from .measure import Measurement, consume, counting_queries, measure

STUDENT_PAGE = {"max_ratio": 3, "max_queries": 12}
AUTOSAVE = {"max_ratio": 2}  # an action, not a page: the 12-query rule is for pages
PAGE = {"max_queries": 12}
REGRADE_ATTEMPTS = 10_000


def ok(status=HTTPStatus.OK):
    def check(response):
        assert response.status_code == status, (response.status_code, getattr(response, "url", ""))

    return check


class Clients:
    """One logged-in test client per user, made on first use."""

    def __init__(self):
        self.clients = {}

    def __call__(self, user):
        if user.pk not in self.clients:
            client = Client()
            client.force_login(user)
            self.clients[user.pk] = client
        return self.clients[user.pk]


def measure_all(world, *, samples=30, log=print, only=None):
    """Every in-process measurement; `only` (a set of keys) keeps the named ones and the floor."""
    clients = Clients()
    typical, largest = world.typical, world.largest
    student = typical.bench_student
    as_student, as_teacher = clients(student), clients(typical.teacher)
    results = []

    get_floor = None  # the floor page's call, set below

    def run(key, name, call, **kwargs):
        if only and key != "floor" and key not in only:
            return None
        kwargs.setdefault("samples", samples)
        if key != "floor":
            kwargs.setdefault("floor", get_floor)  # timed before each sample: the ratio's own floor
        started = time.monotonic()
        m = measure(name, call, key=key, **kwargs)
        results.append(m)
        took = time.monotonic() - started
        beside = f"  floor alongside {m.floor_p50_ms:6.2f} ms" if m.floor_p50_ms else ""
        log(f"  {name:<46} p50 {m.p50_ms:8.2f} ms  {m.queries:3d} queries{beside}  ({took:.1f} s)")
        return m

    def get(client, url):
        return lambda: client.get(url)

    log("In process:")
    get_floor = get(as_student, reverse("bench-floor"))
    run("floor", "floor (base layout, logged in)", get_floor, check=ok())
    run(
        "student_dashboard",
        "student dashboard",
        get(as_student, reverse("classroom:dashboard")),
        check=ok(),
        target="≤ 3× floor",
        targets=STUDENT_PAGE,
    )
    lesson = typical.assignments["reading"][0].lesson
    run(
        "lesson",
        "lesson page",
        get(as_student, reverse("lessons:detail", args=[lesson.slug])),
        check=ok(),
        target="≤ 3× floor",
        targets=STUDENT_PAGE,
    )

    # The final exam (25 questions), taken by the bench student.
    exam = typical.final_exam
    exam.quiz  # noqa: B018 (loaded)
    attempt = quiz_services.attempt_start(assignment=exam, student=student)
    run(
        "quiz_page",
        f"quiz page ({attempt.attempt_questions.count()} questions)",
        get(as_student, reverse("assessments:quizzes:attempt", args=[attempt.pk])),
        check=ok(),
        target="≤ 3× floor",
        targets=STUDENT_PAGE,
    )
    true_false = (
        attempt.attempt_questions.filter(question__kind=Question.Kind.TRUE_FALSE)
        .values_list("question_id", flat=True)
        .first()
    )
    flip = itertools.cycle(["true", "false"])
    save_url = reverse("assessments:quizzes:save_answer", args=[attempt.pk])
    run(
        "quiz_autosave",
        "answer autosave (quiz)",
        lambda: as_student.post(
            save_url,
            json.dumps({"question": true_false, "value": next(flip)}),
            content_type="application/json",
        ),
        check=ok(),
        target="≤ 2× floor",
        targets=AUTOSAVE,
    )
    quiz_services.attempt_submit(attempt=attempt)

    rows = quiz_templates()[exam.quiz_id]
    pending = {}

    def new_attempt():
        fresh = quiz_services.attempt_start(assignment=exam, student=student)
        Answer.objects.bulk_create(
            Answer(
                attempt=fresh,
                question=question,
                boolean=template.response.boolean,
                text=template.response.text,
                number=template.response.number,
                saved_at=fresh.started_at,
            )
            for n, (question, _, _, right, wrong) in enumerate(rows)
            for template in [right if n % 3 else wrong]
        )
        from assessments.models import AnswerChoice, AnswerMatch, AnswerOrder

        answers = {a.question_id: a for a in fresh.answers.all()}
        choices, orders, matches = [], [], []
        for n, (question, _, _, right, wrong) in enumerate(rows):
            response = (right if n % 3 else wrong).response
            answer = answers[question.pk]
            choices.extend(AnswerChoice(answer=answer, choice_id=pk) for pk in response.choice_ids)
            orders.extend(
                AnswerOrder(answer=answer, choice_id=pk, rank=r) for r, pk in enumerate(response.order, 1)
            )
            matches.extend(
                AnswerMatch(answer=answer, left_id=a, right_id=b) for a, b in response.matches.items()
            )
        AnswerChoice.objects.bulk_create(choices)
        AnswerOrder.objects.bulk_create(orders)
        AnswerMatch.objects.bulk_create(matches)
        pending["url"] = reverse("assessments:quizzes:submit", args=[fresh.pk])
        pending["attempt"] = fresh

    def check_graded(response):
        assert response.status_code == HTTPStatus.FOUND, response.status_code
        graded = Attempt.objects.get(pk=pending["attempt"].pk)
        assert graded.state == Attempt.State.SUBMITTED
        assert graded.score is not None

    run(
        "quiz_submit",
        f"quiz submit + grading ({len(rows)} questions)",
        lambda: as_student.post(pending["url"]),
        setup=new_attempt,
        check=check_graded,
        target="≤ 4× floor",
        targets={"max_ratio": 4},
    )

    essay_assignment = typical.open_essay
    run(
        "essay_page",
        "essay page",
        get(as_student, reverse("assessments:essays:write", args=[essay_assignment.pk])),
        check=ok(),
        target="≤ 3× floor",
        targets=STUDENT_PAGE,
    )
    essay = Essay.objects.get(assignment=essay_assignment, student=student)
    revision = itertools.count(essay.revision + 1)
    autosave_url = reverse("assessments:essays:autosave", args=[essay_assignment.pk])
    text = essay.text

    def autosave():
        n = next(revision)
        return as_student.post(autosave_url, {"text": f"{text} {n}", "revision": n})

    def saved(response):
        assert response.status_code == HTTPStatus.OK, response.content
        assert response.json()["saved"], response.content

    run(
        "essay_autosave",
        "essay autosave",
        autosave,
        check=saved,
        target="≤ 2× floor",
        targets=AUTOSAVE,
    )

    past_essay = typical.past_essay
    graded_essay = (
        Essay.objects.filter(assignment=past_essay, state=Essay.State.SUBMITTED)
        .order_by("pk")
        .values_list("pk", flat=True)[7]
    )
    run(
        "grader",
        "grader page (essay with rubric)",
        get(as_teacher, reverse("assessments:essays:grade", args=[past_essay.pk, graded_essay])),
        check=ok(),
        target="≤ 12 queries",
        targets=PAGE,
    )
    run(
        "gradebook_page",
        f"gradebook page (first 50 of {len(typical.students)})",
        get(as_teacher, reverse("gradebook:class", args=[typical.classroom.pk])),
        check=ok(),
        target="≤ 10× floor",
        targets={"max_ratio": 10, "max_queries": 12},
    )
    run(
        "class_overview",
        f"whole-class overview ({len(largest.students)} students)",
        get(clients(largest.teacher), reverse("gradebook:overview", args=[largest.classroom.pk])),
        check=ok(),
        target="≤ 70 ms",
        targets={"max_p50_ms": 70, "max_queries": 12},
    )
    run(
        "student_grades",
        "student grade page (my grades)",
        get(as_student, reverse("gradebook:mine", args=[typical.classroom.pk])),
        check=ok(),
        target="≤ 3× floor",
        targets=STUDENT_PAGE,
    )
    analysed = typical.past_quiz
    run(
        "item_analysis",
        f"item analysis ({analysed.attempts.count()} attempts)",
        get(as_teacher, reverse("assessments:quizzes:analysis", args=[analysed.pk])),
        check=ok(),
        target="≤ 12 queries",
        targets=PAGE,
    )
    if not only or only & {"export_csv", "export_xlsx"}:
        results.extend(measure_exports(world, clients, log=log))
    if not only or "regrade" in only:
        results.append(measure_regrade(world, clients, log=log))
    return results


def export_all(world, clients, fmt):
    """Every class's grid export, read to the end: all the world's students."""

    def call():
        size = 0
        for class_world in world.classes:
            response = clients(class_world.teacher).get(
                reverse("gradebook:export", args=[class_world.classroom.pk, "grid", fmt])
            )
            assert response.status_code == HTTPStatus.OK, response.status_code
            size += consume(response)
        return size

    return call


def memory_growth_mb(call):
    """Peak Python memory allocated during one call (tracemalloc), in MB."""
    tracemalloc.start()
    try:
        call()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return round(peak / 2**20, 1)


def measure_exports(world, clients, *, log):
    out = []
    students = world.student_count
    # Each export reads every class in full: a few samples (the target is on the CSV).
    for class_world in world.classes:
        clients(class_world.teacher)  # logged in before the queries are counted
    for fmt, targets, samples in (
        ("csv", {"max_p50_ms": 2000, "max_memory_mb": 50, "max_queries": 12 * len(world.classes)}, 3),
        ("xlsx", {"max_queries": 12 * len(world.classes)}, 1),
    ):
        call = export_all(world, clients, fmt)
        with counting_queries() as counted:
            size = call()  # also the warm-up
        count = counted[0]
        timings = []
        for _ in range(samples):
            started = time.perf_counter()
            call()
            timings.append((time.perf_counter() - started) * 1000)
        timings.sort()
        rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        m = Measurement(
            name=f"{fmt.upper()} export ({students} students, {len(world.classes)} classes)",
            key=f"export_{fmt}",
            p50_ms=round(timings[len(timings) // 2], 2),
            p95_ms=round(timings[-1], 2),
            queries=count,
            samples=samples,
            bytes=size,
            target="≤ 2 s, ≤ 50 MB growth, streamed" if fmt == "csv" else "",
            targets=targets,
            memory_mb=memory_growth_mb(call) if fmt == "csv" else None,
            note=f"peak RSS {rss_before // 1024} MB; queries are {len(world.classes)} classes' worth",
        )
        log(f"  {m.name:<46} p50 {m.p50_ms:8.2f} ms  {m.memory_mb} MB peak allocated")
        out.append(m)
    return out


def measure_regrade(world, clients, *, log):
    """Regrade (the teacher's button) quiz assignments until 10,000 submitted attempts are covered."""
    chosen, total = [], 0
    for class_world in world.classes:
        for assignment in class_world.assignments["quiz"]:
            if total >= REGRADE_ATTEMPTS:
                break
            count = assignment.attempts.filter(state=Attempt.State.SUBMITTED).count()
            chosen.append((class_world.teacher, assignment))
            total += count
    # Stored points that disagree with the key (true/false answers zeroed), so regrading has work to write.
    Answer.objects.filter(
        attempt__assignment__in=[a for _, a in chosen], question__kind=Question.Kind.TRUE_FALSE
    ).update(points=Decimal(0))
    with counting_queries() as counted:
        started = time.perf_counter()
        for teacher, assignment in chosen:
            response = clients(teacher).post(reverse("assessments:quizzes:regrade", args=[assignment.pk]))
            assert response.status_code == HTTPStatus.FOUND, response.status_code
        elapsed = (time.perf_counter() - started) * 1000
    m = Measurement(
        name=f"bulk regrade ({total} attempts, {len(chosen)} quizzes)",
        key="regrade",
        p50_ms=round(elapsed, 2),
        p95_ms=round(elapsed, 2),
        queries=counted[0],
        samples=1,
        target="≤ 10 s",
        targets={"max_p50_ms": 10_000},
        note="one run: the time of every regrade request together; queries are for all of them",
    )
    log(f"  {m.name:<46} {m.p50_ms / 1000:8.2f} s  {m.queries} queries")
    return m
