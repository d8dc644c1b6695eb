"""The inputs `selectors.class_inputs` gathers for some students of a class, in three written-out queries.

For the student's grade page (one student) and the gradebook page (a page of students). The ORM spent more
CPU building their reads (assignments with their topics, settings, letter bands, excusals, overrides,
readings, attempts, essays: every `IN` list of students and assignments compiled value by value) than the
rest of the page: here they are

1. the class's assignments with their topic lesson,
2. the class's settings and letter bands with the students' excusals and overrides (UNION ALL),
3. the students' readings, quiz attempts and essays (UNION ALL),

and the work's rows go through the same rules as every other page's: `quiz_results_from_rows` for
quizzes, `essay_results_from_rows` for essays; readings here, as `assessments.results.reading_results`
makes them (tests/gradebook/test_student_page.py and test_gradebook_page.py hold them equal on every
state the readers tell apart). Only names quoted from
the models' meta are formatted into the queries; every value is a parameter; values pass through the
ORM's own converters.
"""

import functools
from collections import defaultdict
from decimal import Decimal

from django.db import connection

from assessments.essays.results import essay_results_from_rows
from assessments.models import Assignment, Attempt, Essay, EssayGrade, EssayPrompt, Quiz
from assessments.quizzes.results import COLUMNS as ATTEMPT_COLUMNS
from assessments.quizzes.results import quiz_results_from_rows
from assessments.results import Status, WorkResult
from classroom.models import Membership, User
from kzcourse.sql import as_the_orm_reads, field_converters, row_reader, table_and_columns
from lessons.models import Lesson, ReadingProgress

from .models import CellOverride, Excusal, GradebookSettings, LetterBand
from .selectors import ClassInputs, Member, MembershipState, Student, item_for, policy_from

ONE = Decimal(1)


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


# The students, once at the top of a query (`WITH students (id) AS (VALUES (%s), (%s), …)`, a placeholder
# per student), then `IN (SELECT id FROM students)` in each branch: a third of the placeholders to parse.
STUDENTS = "IN (SELECT id FROM kz_students)"


def converters_at(vendor, *placed):
    """[(position, (the ORM's converters, column))] for the (position, field) pairs that have converters."""
    found = field_converters(tuple(field for _position, field in placed), vendor)
    return [(position, pair) for (position, _field), pair in zip(placed, found, strict=True) if pair[0]]


SETTINGS, BAND, EXCUSAL, OVERRIDE = range(4)


@functools.cache
def standing_sql(vendor):
    """(SQL, converters per tag): the class's settings and letter bands, the students' excusals and
    overrides, each row tagged. Parameters (after with_students' students): class, class, class, class.

    Columns: tag, student, assignment, weights or lowest and GPA or percent, drop counts, missing as zero,
    letter.
    """
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
        f"SELECT {SETTINGS}, {nulls['id']}, {nulls['id']}, {s['quiz_weight']}, {s['essay_weight']}, "  # noqa: S608
        f"{s['drop_lowest_quizzes']}, {s['drop_lowest_essays']}, {s['missing_counts_as_zero']}, "
        f"{nulls['letter']} FROM {settings} WHERE {s['classroom']} = %s "
        f"UNION ALL SELECT {BAND}, {nulls['id']}, {nulls['id']}, {b['min_percent']}, {b['gpa']}, "
        f"{nulls['count']}, {nulls['count']}, {nulls['flag']}, {b['letter']} "
        f"FROM {bands} WHERE {b['classroom']} = %s "
        f"UNION ALL SELECT {EXCUSAL}, {x['student']}, {x['assignment']}, {nulls['weight']}, "
        f"{nulls['weight']}, {nulls['count']}, {nulls['count']}, {nulls['flag']}, {nulls['letter']} "
        f"FROM {excusals} WHERE {x['student']} {STUDENTS} AND {x['assignment']} {of_class()} "
        f"UNION ALL SELECT {OVERRIDE}, {o['student']}, {o['assignment']}, {o['percent']}, {nulls['weight']}, "
        f"{nulls['count']}, {nulls['count']}, {nulls['flag']}, {nulls['letter']} "
        f"FROM {overrides} WHERE {o['student']} {STUDENTS} AND {o['assignment']} {of_class()}"
    )
    setting = GradebookSettings._meta.get_field
    band = LetterBand._meta.get_field
    converters = {
        SETTINGS: converters_at(
            vendor,
            (3, setting("quiz_weight")),
            (4, setting("essay_weight")),
            (5, setting("drop_lowest_quizzes")),
            (6, setting("drop_lowest_essays")),
            (7, setting("missing_counts_as_zero")),
        ),
        BAND: converters_at(vendor, (3, band("min_percent")), (4, band("gpa")), (8, band("letter"))),
        EXCUSAL: [],
        OVERRIDE: converters_at(vendor, (3, CellOverride._meta.get_field("percent"))),
    }
    return sql, converters


READING, ATTEMPT, ESSAY = range(3)


@functools.cache
def work_sql(vendor):
    """(SQL, converters per tag): the students' readings of the class's lessons, quiz attempts and essays
    (not the empty drafts), each row tagged. Parameters (after with_students' students): class, class,
    class.

    Columns: tag, student, lesson or assignment, attempt number or essay late days, state, read or
    submitted at, deadline, score or essay total, points possible, essay graded. An attempt's columns 1–8
    are quiz_results' COLUMNS.
    """
    readings, r = quoted(ReadingProgress, "user", "lesson", "read_at")
    attempts, t = quoted(Attempt, *ATTEMPT_COLUMNS)
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
    attempt_columns = ", ".join(t[name] for name in ATTEMPT_COLUMNS)
    sql = (
        f"SELECT {READING}, {r['user']}, {r['lesson']}, {null['number']}, {null['state']}, "  # noqa: S608
        f"{r['read_at']}, {null['at']}, {null['score']}, {null['score']}, {null['flag']} FROM {readings} "
        f"WHERE {r['user']} {STUDENTS} AND {r['lesson']} IN (SELECT {a['lesson']} FROM {assignment} "
        f"WHERE {a['classroom']} = %s AND {a['kind']} = '{Assignment.Kind.READING}') "
        f"UNION ALL SELECT {ATTEMPT}, {attempt_columns}, {null['flag']} FROM {attempts} "
        f"WHERE {t['student_id']} {STUDENTS} AND {t['assignment_id']} {of_class()} "
        f"UNION ALL SELECT {ESSAY}, x.{e['student']}, x.{e['assignment']}, x.{e['late_days']}, "
        f"x.{e['state']}, x.{e['submitted_at']}, {null['at']}, g.{g['total']}, {null['score']}, "
        f"g.{g['is_complete']} "
        f"FROM {essays} x LEFT JOIN {grades} g ON g.{g['essay']} = x.{e['id']} "
        f"WHERE x.{e['student']} {STUDENTS} AND x.{e['assignment']} {of_class()} "
        f"AND NOT (x.{e['state']} = '{draft}' AND x.{e['text']} = '')"
    )
    attempt, essay, grade = Attempt._meta.get_field, Essay._meta.get_field, EssayGrade._meta.get_field
    converters = {
        READING: converters_at(vendor, (5, ReadingProgress._meta.get_field("read_at"))),
        ATTEMPT: converters_at(
            vendor,
            (3, attempt("number")),
            (4, attempt("state")),
            (5, attempt("submitted_at")),
            (6, attempt("deadline_at")),
            (7, attempt("score")),
            (8, attempt("max_score")),
        ),
        ESSAY: converters_at(
            vendor,
            (3, essay("late_days")),
            (4, essay("state")),
            (5, essay("submitted_at")),
            (7, grade("total")),
            (9, grade("is_complete")),
        ),
    }
    return sql, converters


def with_students(sql, count):
    """The SQL after the students' WITH: a placeholder per student (a NULL, matching nobody, for none)."""
    values = ", ".join(["(%s)"] * count) if count else f"({typed_null(Excusal, 'student')})"
    return f"WITH kz_students (id) AS (VALUES {values}) {sql}"


def converted_rows(rows, converters):
    """The rows, each through the converters of its tag (none on PostgreSQL: rows as they come)."""
    if not any(converters.values()):
        return rows
    return [converted_at(row, converters[row[0]]) for row in rows]


def converted_at(row, found):
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


def work_results(assignments, rows, student_ids, *, now):
    """{student id: {assignment id: WorkResult}} from work_sql's rows, as assessments.results gives them
    (work_results_by_student): work not started is absent."""
    by_id = {assignment.pk: assignment for assignment in assignments}
    readings = defaultdict(list)
    for assignment in assignments:
        if assignment.kind == Assignment.Kind.READING:
            readings[assignment.lesson_id].append(assignment.pk)
    quizzes = {pk: a for pk, a in by_id.items() if a.kind == Assignment.Kind.QUIZ}
    essays = {pk: a for pk, a in by_id.items() if a.kind == Assignment.Kind.ESSAY}
    results = {student_id: {} for student_id in student_ids}
    attempts = defaultdict(list)
    essay_rows = []  # in essay_results_from_rows' order
    for row in rows:
        tag, student_id, pk = row[0], row[1], row[2]
        if tag == READING:
            if pk in readings:
                result = WorkResult(Status.RELEASED, ONE, row[5], True)
                for assignment_id in readings[pk]:
                    results[student_id][assignment_id] = result
        elif tag == ATTEMPT:
            if pk in quizzes:
                attempts[student_id, pk].append(row[1:9])  # quiz_results' COLUMNS
        elif pk in essays:
            essay_rows.append((pk, student_id, row[4], row[5], row[3], row[9], row[7]))
    for (student_id, assignment_id), result in essay_results_from_rows(essays, essay_rows).items():
        results[student_id][assignment_id] = result
    number = ATTEMPT_COLUMNS.index("number")
    for pair_rows in attempts.values():
        if len(pair_rows) > 1:
            pair_rows.sort(key=lambda attempt: attempt[number])
    for (student_id, assignment_id), result in quiz_results_from_rows(quizzes, attempts, now).items():
        results[student_id][assignment_id] = result
    return results


def class_inputs(classroom, members, *, now, student_view=False):
    """`selectors.class_inputs(classroom, now=now, memberships=members, student_view=student_view)` in
    three queries: the same ClassInputs."""
    vendor = connection.vendor
    sql, read, width = assignments_sql(vendor, student_view)
    params = [classroom.pk, False]
    if student_view:
        params.append(Assignment._meta.get_field("opens_at").get_db_prep_value(now, connection))
    members = list(members)
    ids = [member.user_id for member in members]
    count = len(ids)
    assignments, items = [], []
    standing, standing_converters = standing_sql(vendor)
    work, work_converters = work_sql(vendor)
    topics = {}  # lesson id -> topic: a class assigns a handful of lessons many times
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for row in cursor.fetchall():
            assignment = read(row[:width])
            assignments.append(assignment)
            lesson = row[width]
            topic = topics.get(lesson)
            if topic is None:
                topic = topics[lesson] = topic_of(*row[width:])
            items.append(item_for(assignment, now=now, topic=topic))
        cursor.execute(
            with_students(standing, count), [*ids, classroom.pk, classroom.pk, classroom.pk, classroom.pk]
        )
        standing_rows = converted_rows(cursor.fetchall(), standing_converters)
        work_rows = []
        if assignments and ids:
            cursor.execute(with_students(work, count), [*ids, classroom.pk, classroom.pk, classroom.pk])
            work_rows = converted_rows(cursor.fetchall(), work_converters)
    settings, bands = None, []
    excused, overrides = defaultdict(set), defaultdict(dict)
    listed = {item.id for item in items}
    for row in standing_rows:
        tag = row[0]
        if tag == SETTINGS:
            settings = GradebookSettings(
                classroom_id=classroom.pk,
                quiz_weight=row[3],
                essay_weight=row[4],
                drop_lowest_quizzes=row[5],
                drop_lowest_essays=row[6],
                missing_counts_as_zero=row[7],
            )
        elif tag == BAND:
            bands.append((row[8], row[3], row[4]))
        elif row[2] in listed:
            if tag == EXCUSAL:
                excused[row[1]].add(row[2])
            else:
                overrides[row[1]][row[2]] = row[3]
    bands.sort(key=lambda band: band[1], reverse=True)  # LetterBand's ordering: highest first
    inputs = ClassInputs(
        classroom=classroom,
        policy=policy_from(settings or GradebookSettings(classroom_id=classroom.pk), bands),
        items=items,
        memberships=members,
    )
    if not assignments or not ids:
        return inputs
    inputs.results = work_results(assignments, work_rows, ids, now=now)
    inputs.excused = dict(excused)
    inputs.overrides = dict(overrides)
    return inputs


@functools.cache
def members_sql(vendor, state):
    """The class's students in a MembershipState, with their names, in student_memberships' order."""
    memberships, m = quoted(Membership, "id", "classroom", "role", "user", "is_active")
    users, u = quoted(User, "id", "username", "full_name")
    by_state = {
        MembershipState.ACTIVE: f" AND m.{m['is_active']} = %s",
        MembershipState.REMOVED: f" AND m.{m['is_active']} = %s",
        MembershipState.ALL: "",
    }
    return (
        f"SELECT m.{m['user']}, m.{m['is_active']}, u.{u['username']}, u.{u['full_name']} "  # noqa: S608
        f"FROM {memberships} m JOIN {users} u ON u.{u['id']} = m.{m['user']} "
        f"WHERE m.{m['classroom']} = %s AND m.{m['role']} = %s{by_state[state]} "
        f"ORDER BY u.{u['full_name']}, u.{u['username']}, m.{m['id']}"
    )


MEMBER_FIELDS = (
    Membership._meta.get_field("user"),
    Membership._meta.get_field("is_active"),
    User._meta.get_field("username"),
    User._meta.get_field("full_name"),
)


def student_members(classroom, *, state=MembershipState.ACTIVE):
    """selectors.student_memberships(classroom, state=state), written out: Members in name order."""
    params = [classroom.pk, Membership.Role.STUDENT]
    if state != MembershipState.ALL:
        params.append(state == MembershipState.ACTIVE)
    with connection.cursor() as cursor:
        cursor.execute(members_sql(connection.vendor, state), params)
        rows = as_the_orm_reads(cursor.fetchall(), MEMBER_FIELDS)
    members = []
    for user_id, is_active, username, full_name in rows:
        members.append(Member(user_id, is_active, Student(user_id, username, full_name)))
    return members
