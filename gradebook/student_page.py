"""One student's grade page: the inputs `selectors.class_inputs` gathers, in three written-out queries.

The ORM spent more CPU building the page's nine reads (assignments with their topics, settings, letter
bands, excusals, overrides, readings, attempts, essays) than the rest of the page: here they are

1. the class's assignments with their topic lesson,
2. the class's settings and letter bands with the student's excusals and overrides (UNION ALL),
3. the student's readings, quiz attempts and essays (UNION ALL),

and the work's rows go through the same rules as every other page's: `quiz_results_from_rows` for
quizzes; readings and essays here, as `assessments.results.reading_results` and
`assessments.essays.results.essay_results` make them (tests/gradebook/test_student_page.py holds the two
equal on every state those readers tell apart). Only names quoted from the models' meta are formatted into
the queries; every value is a parameter; values pass through the ORM's own converters.
"""

import functools
from collections import defaultdict
from decimal import Decimal

from django.db import connection

from assessments.models import Assignment, Attempt, Essay, EssayGrade, EssayPrompt, Quiz
from assessments.quizzes.results import COLUMNS as ATTEMPT_COLUMNS
from assessments.quizzes.results import quiz_results_from_rows
from assessments.results import Status, WorkResult
from assessments.sql import field_converters, row_reader, table_and_columns
from lessons.models import Lesson, ReadingProgress

from .models import CellOverride, Excusal, GradebookSettings, LetterBand
from .selectors import ClassInputs, item_for, policy_from

ONE = Decimal(1)
SHARE = Decimal("0.0001")
IN_PROGRESS = WorkResult(Status.IN_PROGRESS)


def quoted(model, *fields):
    """The model's quoted table and its fields' quoted columns, by field name."""
    table, columns = table_and_columns(model, *fields)
    return table, dict(zip(fields, columns, strict=True))


def typed_null(model, name):
    """NULL cast to the column type of a model's field: PostgreSQL types a UNION's columns pairwise."""
    return f"CAST(NULL AS {model._meta.get_field(name).cast_db_type(connection)})"


@functools.cache
def assignments_sql(vendor, student_view):
    """(SQL, row reader, width): the class's unarchived assignments (a student: the open ones), with the
    id, number and title of their topic lesson after the assignment's own columns."""
    columns, read = row_reader(Assignment, vendor)
    assignment, a = quoted(
        Assignment,
        "id",
        "classroom",
        "kind",
        "lesson",
        "quiz",
        "essay_prompt",
        "is_archived",
        "opens_at",
        "due_at",
    )
    quiz, q = quoted(Quiz, "id", "lesson")
    prompt, e = quoted(EssayPrompt, "id", "lesson")
    lesson, lc = quoted(Lesson, "id", "number", "title")
    kind = Assignment.Kind
    # Only quoted names from the models' meta (and the kinds' fixed values) are formatted in.
    sql = (
        f"SELECT {', '.join(f'a.{column}' for column in columns)}, "  # noqa: S608
        f"l.{lc['id']}, l.{lc['number']}, l.{lc['title']} "
        f"FROM {assignment} a "
        f"LEFT JOIN {quiz} q ON q.{q['id']} = a.{a['quiz']} "
        f"LEFT JOIN {prompt} e ON e.{e['id']} = a.{a['essay_prompt']} "
        f"LEFT JOIN {lesson} l ON l.{lc['id']} = CASE a.{a['kind']} "
        f"WHEN '{kind.READING}' THEN a.{a['lesson']} WHEN '{kind.QUIZ}' THEN q.{q['lesson']} "
        f"WHEN '{kind.ESSAY}' THEN e.{e['lesson']} END "
        f"WHERE a.{a['classroom']} = %s AND a.{a['is_archived']} = %s"
        + (f" AND a.{a['opens_at']} <= %s" if student_view else "")
        + f" ORDER BY a.{a['due_at']}, a.{a['id']}"
    )
    return sql, read, len(columns)


def of_class():
    assignment, a = quoted(Assignment, "id", "classroom")
    return f"IN (SELECT {a['id']} FROM {assignment} WHERE {a['classroom']} = %s)"  # noqa: S608


def converters_at(vendor, *placed):
    """[(position, (the ORM's converters, column))] for (position, field) pairs."""
    found = field_converters(tuple(field for _position, field in placed), vendor)
    return [(position, pair) for (position, _field), pair in zip(placed, found, strict=True)]


SETTINGS, BAND, EXCUSAL, OVERRIDE = range(4)


@functools.cache
def standing_sql(vendor):
    """(SQL, converters per tag): the class's settings and letter bands, the student's excusals and
    overrides, each row tagged. Parameters: class, class, student, class, student, class."""
    settings, s = quoted(
        GradebookSettings,
        "classroom",
        "quiz_weight",
        "essay_weight",
        "drop_lowest_quizzes",
        "drop_lowest_essays",
        "missing_counts_as_zero",
    )
    bands, b = quoted(LetterBand, "classroom", "min_percent", "gpa", "letter")
    excusals, x = quoted(Excusal, "student", "assignment")
    overrides, o = quoted(CellOverride, "student", "assignment", "percent")
    null = functools.partial(typed_null, GradebookSettings)
    nulls = {
        "id": typed_null(Excusal, "id"),
        "letter": typed_null(LetterBand, "letter"),
        "weight": null("quiz_weight"),
        "count": null("drop_lowest_quizzes"),
        "flag": null("missing_counts_as_zero"),
    }
    sql = (
        f"SELECT {SETTINGS}, {nulls['id']}, {s['quiz_weight']}, {s['essay_weight']}, "  # noqa: S608
        f"{s['drop_lowest_quizzes']}, {s['drop_lowest_essays']}, {s['missing_counts_as_zero']}, "
        f"{nulls['letter']} "
        f"FROM {settings} WHERE {s['classroom']} = %s "
        f"UNION ALL SELECT {BAND}, {nulls['id']}, {b['min_percent']}, {b['gpa']}, {nulls['count']}, "
        f"{nulls['count']}, {nulls['flag']}, {b['letter']} FROM {bands} WHERE {b['classroom']} = %s "
        f"UNION ALL SELECT {EXCUSAL}, {x['assignment']}, {nulls['weight']}, {nulls['weight']}, "
        f"{nulls['count']}, {nulls['count']}, {nulls['flag']}, {nulls['letter']} "
        f"FROM {excusals} WHERE {x['student']} = %s AND {x['assignment']} {of_class()} "
        f"UNION ALL SELECT {OVERRIDE}, {o['assignment']}, {o['percent']}, {nulls['weight']}, "
        f"{nulls['count']}, {nulls['count']}, {nulls['flag']}, {nulls['letter']} "
        f"FROM {overrides} WHERE {o['student']} = %s AND {o['assignment']} {of_class()}"
    )
    setting = GradebookSettings._meta.get_field
    band = LetterBand._meta.get_field
    converters = {
        SETTINGS: converters_at(
            vendor,
            (2, setting("quiz_weight")),
            (3, setting("essay_weight")),
            (4, setting("drop_lowest_quizzes")),
            (5, setting("drop_lowest_essays")),
            (6, setting("missing_counts_as_zero")),
        ),
        BAND: converters_at(vendor, (2, band("min_percent")), (3, band("gpa")), (7, band("letter"))),
        EXCUSAL: [],
        OVERRIDE: converters_at(vendor, (2, CellOverride._meta.get_field("percent"))),
    }
    return sql, converters


READING, ATTEMPT, ESSAY = range(3)


@functools.cache
def work_sql(vendor):
    """(SQL, converters per tag): the student's readings of the class's lessons, quiz attempts and essays
    (not the empty drafts), each row tagged. Parameters: student, class, student, class, student, class.

    Columns: tag, lesson or assignment id, attempt number or essay late days, state, read or submitted at,
    deadline, score or essay total, points possible, essay graded.
    """
    readings, r = quoted(ReadingProgress, "user", "lesson", "read_at")
    attempts, t = quoted(
        Attempt,
        "student",
        "assignment",
        "number",
        "state",
        "submitted_at",
        "deadline_at",
        "score",
        "max_score",
    )
    essays, e = quoted(Essay, "id", "student", "assignment", "state", "text", "submitted_at", "late_days")
    grades, g = quoted(EssayGrade, "essay", "is_complete", "total")
    assignment, a = quoted(Assignment, "lesson", "classroom", "kind")
    null = {
        "number": typed_null(Attempt, "number"),
        "state": typed_null(Attempt, "state"),
        "at": typed_null(Attempt, "submitted_at"),
        "score": typed_null(Attempt, "score"),
        "flag": typed_null(EssayGrade, "is_complete"),
    }
    draft = Essay.State.DRAFT
    sql = (
        f"SELECT {READING}, {r['lesson']}, {null['number']}, {null['state']}, {r['read_at']}, "  # noqa: S608
        f"{null['at']}, {null['score']}, {null['score']}, {null['flag']} FROM {readings} "
        f"WHERE {r['user']} = %s AND {r['lesson']} IN (SELECT {a['lesson']} FROM {assignment} "
        f"WHERE {a['classroom']} = %s AND {a['kind']} = '{Assignment.Kind.READING}') "
        f"UNION ALL SELECT {ATTEMPT}, {t['assignment']}, {t['number']}, {t['state']}, {t['submitted_at']}, "
        f"{t['deadline_at']}, {t['score']}, {t['max_score']}, {null['flag']} FROM {attempts} "
        f"WHERE {t['student']} = %s AND {t['assignment']} {of_class()} "
        f"UNION ALL SELECT {ESSAY}, x.{e['assignment']}, x.{e['late_days']}, x.{e['state']}, "
        f"x.{e['submitted_at']}, {null['at']}, g.{g['total']}, {null['score']}, g.{g['is_complete']} "
        f"FROM {essays} x LEFT JOIN {grades} g ON g.{g['essay']} = x.{e['id']} "
        f"WHERE x.{e['student']} = %s AND x.{e['assignment']} {of_class()} "
        f"AND NOT (x.{e['state']} = '{draft}' AND x.{e['text']} = '')"
    )
    attempt, essay, grade = Attempt._meta.get_field, Essay._meta.get_field, EssayGrade._meta.get_field
    converters = {
        READING: converters_at(vendor, (4, ReadingProgress._meta.get_field("read_at"))),
        ATTEMPT: converters_at(
            vendor,
            (2, attempt("number")),
            (3, attempt("state")),
            (4, attempt("submitted_at")),
            (5, attempt("deadline_at")),
            (6, attempt("score")),
            (7, attempt("max_score")),
        ),
        ESSAY: converters_at(
            vendor,
            (2, essay("late_days")),
            (3, essay("state")),
            (4, essay("submitted_at")),
            (6, grade("total")),
            (8, grade("is_complete")),
        ),
    }
    return sql, converters


def converted(row, found):
    """The row with the values at the found positions passed through their converters."""
    if not found:
        return row
    row = list(row)
    for position, (converters, column) in found:
        value = row[position]
        for converter in converters:
            value = converter(value, column, connection)
        row[position] = value
    return row


def topic_of(lesson_id, number, title):
    """(lesson id, str(lesson)), the topic item_for gives an assignment; (None, "") without a lesson."""
    if lesson_id is None:
        return None, ""
    return lesson_id, str(
        Lesson.from_db(connection.alias, ["id", "number", "title"], [lesson_id, number, title])
    )


def essay_score(points, total):
    """assessments.essays.results.essay_score: the share (0–1) of the points, before any late penalty."""
    if total is None or not points:
        return None
    return max(Decimal(0), Decimal(total) / points).quantize(SHARE)


def work_results(assignments, rows, *, student_id, now):
    """{assignment id: WorkResult} of one student from work_sql's rows, as assessments.results gives them."""
    by_id = {assignment.pk: assignment for assignment in assignments}
    readings = defaultdict(list)
    for assignment in assignments:
        if assignment.kind == Assignment.Kind.READING:
            readings[assignment.lesson_id].append(assignment.pk)
    quizzes = {pk: a for pk, a in by_id.items() if a.kind == Assignment.Kind.QUIZ}
    attempts = defaultdict(list)
    results = {}
    for row in rows:
        tag, pk = row[0], row[1]
        if tag == READING:
            if pk in readings:
                result = WorkResult(Status.RELEASED, ONE, row[4], True)
                for assignment_id in readings[pk]:
                    results[assignment_id] = result
        elif tag == ATTEMPT:
            if pk in quizzes:
                # In quiz_results' COLUMNS order.
                attempts[student_id, pk].append(
                    (student_id, pk, row[2], row[3], row[4], row[5], row[6], row[7])
                )
        elif pk in by_id and by_id[pk].kind == Assignment.Kind.ESSAY:
            _tag, _pk, days, state, submitted_at, _deadline, total, _points, graded = row
            if state != Essay.State.SUBMITTED:
                results[pk] = IN_PROGRESS
            elif not graded:
                results[pk] = WorkResult(Status.SUBMITTED, None, submitted_at, False, days)
            else:
                released = by_id[pk].grades_released_at is not None
                results[pk] = WorkResult(
                    Status.RELEASED if released else Status.GRADED,
                    essay_score(by_id[pk].points, total),
                    submitted_at,
                    released,
                    days,
                )
    number = ATTEMPT_COLUMNS.index("number")
    for pair_rows in attempts.values():
        pair_rows.sort(key=lambda attempt: attempt[number])
    for (_student, assignment_id), result in quiz_results_from_rows(quizzes, attempts, now).items():
        results[assignment_id] = result
    return results


def student_inputs(classroom, member, *, now, student_view):
    """`selectors.class_inputs(classroom, now=now, memberships=[member], student_view=student_view)`,
    in three queries instead of nine."""
    vendor = connection.vendor
    sql, read, width = assignments_sql(vendor, student_view)
    params = [classroom.pk, False]
    if student_view:
        params.append(Assignment._meta.get_field("opens_at").get_db_prep_value(now, connection))
    student = member.user_id
    assignments, items = [], []
    standing, standing_converters = standing_sql(vendor)
    work, work_converters = work_sql(vendor)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            assignment = read(row[:width])
            assignments.append(assignment)
            items.append(item_for(assignment, now=now, topic=topic_of(*row[width:])))
        cursor.execute(standing, [classroom.pk, classroom.pk, student, classroom.pk, student, classroom.pk])
        standing_rows = [converted(row, standing_converters[row[0]]) for row in cursor.fetchall()]
        work_rows = []
        if assignments:
            cursor.execute(work, [student, classroom.pk, student, classroom.pk, student, classroom.pk])
            work_rows = [converted(row, work_converters[row[0]]) for row in cursor.fetchall()]
    settings, bands, excused, overrides = None, [], set(), {}
    ids = {item.id for item in items}
    for row in standing_rows:
        tag = row[0]
        if tag == SETTINGS:
            settings = GradebookSettings(
                classroom_id=classroom.pk,
                quiz_weight=row[2],
                essay_weight=row[3],
                drop_lowest_quizzes=row[4],
                drop_lowest_essays=row[5],
                missing_counts_as_zero=row[6],
            )
        elif tag == BAND:
            bands.append((row[7], row[2], row[3]))
        elif row[1] in ids:
            if tag == EXCUSAL:
                excused.add(row[1])
            else:
                overrides[row[1]] = row[2]
    bands.sort(key=lambda band: band[1], reverse=True)  # LetterBand's ordering: highest first
    inputs = ClassInputs(
        classroom=classroom,
        policy=policy_from(settings or GradebookSettings(classroom_id=classroom.pk), bands),
        items=items,
        memberships=[member],
    )
    if not assignments:
        return inputs
    inputs.results = {student: work_results(assignments, work_rows, student_id=student, now=now)}
    if excused:
        inputs.excused[student] = excused
    if overrides:
        inputs.overrides[student] = overrides
    return inputs
