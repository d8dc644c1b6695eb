"""Writes of the essay work: drafts, submission, return, grading, release and overlap reports."""

import math
from datetime import timedelta
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from assessments.models import (
    CriterionScore,
    Essay,
    EssayGrade,
    EssayVersion,
    GradeChange,
    OverlapReport,
    OverlapSpan,
)
from classroom.audit import Action, audit_record
from classroom.fragments import student_changed
from kzcourse.decimals import round_points
from kzcourse.sql import row_reader, table_and_columns, update_rows

from . import notify, overlap

DRAFT_VERSIONS_KEPT = 20
# Autosaves within this time of the newest draft version update it instead of adding another.
VERSION_INTERVAL = timedelta(minutes=2)
# Grading autosaves by the same teacher within this time merge into one audit record (before release).
CHANGE_MERGE_INTERVAL = timedelta(minutes=5)
MAX_TEXT = 100_000


class EssayError(Exception):
    """A refused essay action; str() is the message for the user."""


class StaleGrade(EssayError):
    """The grade changed since the page was loaded."""


def count_words(text):
    """Words as the browser counts them: runs of non-space characters."""
    return len(text.split())


def late_days(assignment, at):
    """Started days after the due date (0 when on time)."""
    if at <= assignment.due_at:
        return 0
    return math.ceil((at - assignment.due_at) / timedelta(days=1))


def late_penalty_percent(assignment, days):
    """The penalty in percent for `days` late: per day, up to the cap (a cap of 0 means no cap)."""
    if not days:
        return Decimal(0)
    penalty = assignment.late_penalty_per_day * days
    cap = assignment.late_penalty_max or Decimal(100)
    return min(penalty, cap, Decimal(100))


def _essay_row_locked(assignment_id, student_id):
    """The essay (assignment, student), its row locked (FOR UPDATE where the database has it); or None.

    Written out: the ORM compiled this one-row query for ~1 ms of CPU on every autosave.
    """
    columns, read = row_reader(Essay, connection.vendor)
    table, (assignment, student) = table_and_columns(Essay, "assignment", "student")
    lock = f" {connection.ops.for_update_sql()}" if connection.features.has_select_for_update else ""
    with connection.cursor() as cursor:
        # Only quoted names from the model's meta are formatted in; the ids are parameters.
        cursor.execute(
            f"SELECT {', '.join(columns)} FROM {table} WHERE {assignment} = %s AND {student} = %s{lock}",  # noqa: S608
            [assignment_id, student_id],
        )
        row = cursor.fetchone()  # one at most: one essay per student and assignment
    return read(row) if row is not None else None


def _locked_essay(assignment, student):
    """The student's essay, locked for this transaction (made first if there is none)."""
    essay = _essay_row_locked(assignment.pk, student.pk)  # one query for every save but the first
    if essay is None:
        Essay.objects.get_or_create(assignment=assignment, student=student)
        essay = _essay_row_locked(assignment.pk, student.pk)
    essay.assignment = assignment  # the caller's, already read (and access-checked)
    return essay


def _check_writable(essay, now):
    if essay.state == Essay.State.SUBMITTED:
        raise EssayError(_("This essay has been submitted and can no longer be changed."))
    if now > essay.assignment.closes_at and essay.state != Essay.State.RETURNED:
        raise EssayError(_("This assignment is closed: no more changes are accepted."))
    if now < essay.assignment.opens_at:
        raise EssayError(_("This assignment is not open yet."))


def _newest_draft_version_update(essay, now):
    """Put the essay's text in its newest version if that is a draft kept within VERSION_INTERVAL.

    Whether it did. Written out: the ORM compiled this UPDATE with its subquery for ~1.2 ms of CPU.
    """
    table, (pk, essay_id, created_at, is_submission, text, word_count) = table_and_columns(
        EssayVersion, "id", "essay", "created_at", "is_submission", "text", "word_count"
    )
    newest = f"SELECT {pk} FROM {table} WHERE {essay_id} = %s ORDER BY {created_at} DESC, {pk} DESC LIMIT 1"  # noqa: S608
    with connection.cursor() as cursor:
        # Only quoted names from the model's meta are formatted in; every value is a parameter.
        cursor.execute(
            f"UPDATE {table} SET {text} = %s, {word_count} = %s"  # noqa: S608
            f" WHERE {pk} = ({newest}) AND {is_submission} = %s AND {created_at} > %s",
            [
                essay.text,
                essay.word_count,
                essay.pk,
                False,
                connection.ops.adapt_datetimefield_value(now - VERSION_INTERVAL),
            ],
        )
        return cursor.rowcount > 0


def _keep_version(essay, now, *, is_submission=False):
    # Newest first, as EssayVersion's ordering, without the join its leading "essay" costs.
    versions = essay.versions.order_by("-created_at", "-pk")
    # An autosave soon after the newest draft version updates it: one UPDATE of that row, if so.
    if not is_submission and _newest_draft_version_update(essay, now):
        return
    EssayVersion.objects.create(
        essay=essay, text=essay.text, word_count=essay.word_count, is_submission=is_submission, created_at=now
    )
    old_drafts = versions.filter(is_submission=False).values_list("pk", flat=True)[DRAFT_VERSIONS_KEPT:]
    EssayVersion.objects.filter(pk__in=list(old_drafts)).delete()


def _write_text(essay, text, revision, now):
    if bool(essay.text) != bool(text):
        student_changed(essay.student_id)  # an empty draft is "not started" on the to-do list
    essay.text = text
    essay.word_count = count_words(text)
    essay.revision = revision
    essay.saved_at = now
    fields = ["text", "word_count", "revision", "saved_at"]
    update_rows(Essay, {essay.pk: tuple(getattr(essay, name) for name in fields)}, fields)
    _keep_version(essay, now)


def _clean_text(text):
    if not isinstance(text, str):
        raise EssayError(_("The essay text is missing."))
    if len(text) > MAX_TEXT:
        raise EssayError(_("The essay is too long to save (at most %(n)d characters).") % {"n": MAX_TEXT})
    return text.replace("\r\n", "\n").replace("\x00", "")


def _draft_written(assignment, student, text, revision, now):
    """Write the draft in one conditional UPDATE … RETURNING; the essay written, or None if it was not.

    Only the usual save is written here: the essay exists, can be written now, its saved revision is
    older and the text stays empty or non-empty (so the to-do list need not change). The conditions
    are in the WHERE, checked on the locked row (PostgreSQL re-checks them after waiting for a
    concurrent save), so a stale, locked or closed save changes nothing and is left to the full path,
    which refuses it with its message. One round trip instead of a SELECT … FOR UPDATE and an UPDATE.
    """
    if now < assignment.opens_at:
        return None
    # After the closing time only an essay returned for revision takes changes.
    states = (
        [Essay.State.RETURNED.value] * 2
        if now > assignment.closes_at
        else [Essay.State.DRAFT.value, Essay.State.RETURNED.value]
    )
    columns, read = row_reader(Essay, connection.vendor)
    table, (assignment_id, student_id, text_column, word_count, revision_column, saved_at, state) = (
        table_and_columns(
            Essay, "assignment", "student", "text", "word_count", "revision", "saved_at", "state"
        )
    )
    emptiness = "=" if not text else "<>"  # one of two fixed operators
    with connection.cursor() as cursor:
        # Only quoted names from the model's meta are formatted in; every value is a parameter.
        cursor.execute(
            f"UPDATE {table} SET {text_column} = %s, {word_count} = %s,"  # noqa: S608
            f" {revision_column} = %s, {saved_at} = %s"
            f" WHERE {assignment_id} = %s AND {student_id} = %s AND {revision_column} < %s"
            f" AND {state} IN (%s, %s) AND {text_column} {emptiness} ''"
            f" RETURNING {', '.join(columns)}",
            [
                text,
                count_words(text),
                revision,
                connection.ops.adapt_datetimefield_value(now),
                assignment.pk,
                student.pk,
                revision,
                *states,
            ],
        )
        row = cursor.fetchone()  # one at most: one essay per student and assignment
    if row is None:
        return None
    essay = read(row)
    essay.assignment = assignment  # the caller's, already read (and access-checked)
    return essay


@transaction.atomic
def essay_autosave(*, assignment, student, text, revision, now=None):
    """Save a draft unless a newer revision is already saved; returns (essay, saved?)."""
    now = now or timezone.now()
    text = _clean_text(text)
    essay = _draft_written(assignment, student, text, revision, now)
    if essay is not None:
        _keep_version(essay, now)
        return essay, True
    # Anything else (the first save, an emptied or first text, a stale or refused save): the full path.
    essay = _locked_essay(assignment, student)
    _check_writable(essay, now)
    if revision <= essay.revision:
        return essay, False
    _write_text(essay, text, revision, now)
    return essay, True


@transaction.atomic
def essay_restore(*, assignment, student, version_id, revision=0, now=None):
    """Put a kept version's text back as the current draft (itself a new version).

    `revision` is the newest the browser had typed: the restored text is numbered above it, so a
    late autosave from that page cannot overwrite the restore.
    """
    now = now or timezone.now()
    essay = _locked_essay(assignment, student)
    _check_writable(essay, now)
    version = essay.versions.filter(pk=version_id).first()
    if version is None:
        raise EssayError(_("That version does not exist."))
    _write_text(essay, version.text, max(essay.revision, revision) + 1, now)
    return essay


@transaction.atomic
def essay_submit(*, assignment, student, text=None, revision=None, with_classmates=True, now=None):
    """Submit the essay (saving `text` first if given): word range checked, lateness recorded, locked.

    Submitting twice (a double click) is harmless: the second call changes nothing.
    """
    now = now or timezone.now()
    essay = _locked_essay(assignment, student)
    if essay.state == Essay.State.SUBMITTED:
        return essay
    _check_writable(essay, now)
    returned = essay.state == Essay.State.RETURNED
    if text is not None:
        text = _clean_text(text)
        if text != essay.text:
            new_revision = max(revision or 0, essay.revision + 1)
            _write_text(essay, text, new_revision, now)
    low, high = assignment.word_range
    if not low <= essay.word_count <= high:
        raise EssayError(
            _("The essay has %(count)d words; it must have between %(low)d and %(high)d.")
            % {"count": essay.word_count, "low": low, "high": high}
        )
    essay.state = Essay.State.SUBMITTED
    essay.submitted_at = now
    if not returned:
        # A revision the teacher asked for keeps the lateness of the first submission.
        essay.late_days = late_days(assignment, now)
        essay.is_late = essay.late_days > 0
    essay.version += 1
    essay.save(update_fields=["state", "submitted_at", "late_days", "is_late", "version"])
    student_changed(essay.student_id)
    _keep_version(essay, now, is_submission=True)
    overlap_report_build(essay=essay, with_classmates=with_classmates, now=now)
    return essay


@transaction.atomic
def essay_reopen(*, assignment, student, now=None):
    """Take a submission back to edit it again, where the assignment allows resubmission.

    Only while submissions are accepted and before the teacher finished grading it; the submitted
    version stays in the list of versions.
    """
    now = now or timezone.now()
    essay = _locked_essay(assignment, student)
    if essay.state != Essay.State.SUBMITTED:
        return essay
    if not assignment.allow_resubmission:
        raise EssayError(_("This assignment does not allow resubmission."))
    if now > assignment.closes_at:
        raise EssayError(_("This assignment is closed: no more changes are accepted."))
    if EssayGrade.objects.filter(essay=essay, is_complete=True).exists():
        raise EssayError(_("Your essay has been graded and can no longer be reopened."))
    essay.state = Essay.State.DRAFT
    essay.version += 1
    essay.save(update_fields=["state", "version"])
    student_changed(essay.student_id)
    return essay


@transaction.atomic
def essay_return(*, essay, teacher, note="", notify_student=True, site_url="", now=None):
    """Send a submitted essay back to the student for revision: editable again, even after the due date."""
    now = now or timezone.now()
    essay = Essay.objects.select_for_update().get(pk=essay.pk)
    if essay.state != Essay.State.SUBMITTED:
        raise EssayError(_("Only a submitted essay can be returned for revision."))
    essay.state = Essay.State.RETURNED
    essay.returned_at = now
    essay.return_note = note[:5000]
    essay.version += 1
    essay.save(update_fields=["state", "returned_at", "return_note", "version"])
    student_changed(essay.student_id)
    if notify_student:
        transaction.on_commit(lambda: notify.essay_returned(essay, site_url))
    return essay


@transaction.atomic
def overlap_report_build(*, essay, with_classmates=True, now=None):
    """Compare the essay with the course sources and classmates' essays on the same prompt.

    `with_classmates=False` compares with the sources only.
    """
    now = now or timezone.now()
    others = []
    if with_classmates:
        others = (
            Essay.objects.filter(
                assignment__classroom_id=essay.assignment.classroom_id,
                assignment__essay_prompt_id=essay.assignment.essay_prompt_id,
            )
            .exclude(pk=essay.pk)
            .exclude(text="")
            .select_related("student")
        )
    peers = [(other.pk, str(other.student), other.text) for other in others]
    share, words, matches = overlap.find_overlap(essay.text, peers)
    OverlapReport.objects.filter(essay=essay).delete()
    report = OverlapReport.objects.create(essay=essay, share=share, words=words, computed_at=now)
    OverlapSpan.objects.bulk_create(
        OverlapSpan(
            report=report,
            start=m.start,
            end=m.end,
            origin=m.origin,
            source_label=m.label[:200],
            source_essay_id=m.essay_id,
            source_excerpt=essay.text[m.start : m.end],
        )
        for m in matches
    )
    return report


# Grading.


def rubric_of(assignment):
    """The prompt's criteria with their levels, in order (one query for each)."""
    return list(assignment.essay_prompt.criteria.prefetch_related("levels"))


def compute_total(assignment, criteria, chosen):
    """(rubric points, total in assignment points or None while a criterion is unchosen).

    `chosen` maps criterion id to the chosen RubricLevel. The rubric's best total is scaled to the
    assignment's points.
    """
    points = sum((chosen[c.pk].points for c in criteria if chosen.get(c.pk)), Decimal(0))
    best = sum(
        (max((lvl.points for lvl in c.levels.all()), default=Decimal(0)) for c in criteria), Decimal(0)
    )
    if any(chosen.get(c.pk) is None for c in criteria) or not best:
        return points, None
    return points, round_points(points / best * assignment.points)


def grade_snapshot(grade):
    """The grade's values as plain JSON, for the audit trail."""
    if grade is None:
        return None
    return {
        "levels": {
            str(s.criterion_id): (str(s.level.label) if s.level else None) for s in grade.scores.all()
        },
        "points": {
            str(s.criterion_id): (str(s.level.points) if s.level else None) for s in grade.scores.all()
        },
        "comments": {str(s.criterion_id): s.comment for s in grade.scores.all()},
        "overall_comment": grade.overall_comment,
        "adjusted_total": None if grade.adjusted_total is None else str(grade.adjusted_total),
        "adjustment_reason": grade.adjustment_reason,
        "total": None if grade.total is None else str(grade.total),
        "graded": grade.is_complete,
    }


def _parse_adjusted(value, assignment):
    if value in (None, ""):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        raise EssayError(_("The adjusted total must be a number.")) from None
    if not number.is_finite() or not 0 <= number <= assignment.points:
        raise EssayError(
            _("The adjusted total must be between 0 and %(points)s.") % {"points": assignment.points}
        )
    return round_points(number)


@transaction.atomic
def essay_grade(
    *,
    essay,
    teacher,
    version,
    levels,
    comments=None,
    overall_comment="",
    adjusted_total=None,
    adjustment_reason="",
    complete=False,
    now=None,
):
    """Save the grading of an essay if nobody saved it since `version` was read; returns the grade.

    `levels` maps criterion id to a level id (or None); a stale `version` raises StaleGrade and
    changes nothing.
    """
    now = now or timezone.now()
    assignment = essay.assignment
    criteria = rubric_of(assignment)
    by_id = {c.pk: c for c in criteria}
    comments = comments or {}
    chosen = {}
    for criterion_id, level_id in levels.items():
        criterion = by_id.get(criterion_id)
        if criterion is None:
            raise EssayError(_("That criterion is not part of this rubric."))
        if level_id in (None, ""):
            continue
        level = next((lvl for lvl in criterion.levels.all() if lvl.pk == level_id), None)
        if level is None:
            raise EssayError(
                _("That level is not part of the criterion “%(name)s”.") % {"name": criterion.name}
            )
        chosen[criterion_id] = level
    if any(cid not in by_id for cid in comments):
        raise EssayError(_("That criterion is not part of this rubric."))
    adjusted = _parse_adjusted(adjusted_total, assignment)
    adjustment_reason = (adjustment_reason or "").strip()
    if adjusted is not None and not adjustment_reason:
        raise EssayError(_("An adjusted total needs a reason."))
    if adjusted is None:
        adjustment_reason = ""
    rubric_points, computed = compute_total(assignment, criteria, chosen)
    total = adjusted if adjusted is not None else computed
    if complete and total is None:
        raise EssayError(
            _("Choose a level for every criterion (or adjust the total) before marking it graded.")
        )

    grade = EssayGrade.objects.filter(essay=essay).first()
    before = None
    if grade is None:
        if version != 0:
            raise StaleGrade(_("Someone else has changed this grade since you opened the page."))
        try:
            with transaction.atomic():
                grade = EssayGrade.objects.create(essay=essay, version=1, graded_by=teacher)
        except IntegrityError:
            raise StaleGrade(_("Someone else has changed this grade since you opened the page.")) from None
    else:
        # The conditional update is the lock: only one of two saves from version N can succeed.
        if not EssayGrade.objects.filter(pk=grade.pk, version=version).update(version=F("version") + 1):
            raise StaleGrade(_("Someone else has changed this grade since you opened the page."))
        before = grade_snapshot(grade)
        grade.refresh_from_db()

    grade.overall_comment = (overall_comment or "")[:20000]
    grade.adjusted_total = adjusted
    grade.adjustment_reason = adjustment_reason[:5000]
    grade.rubric_points = rubric_points
    grade.total = total
    grade.is_complete = bool(complete)
    grade.graded_by = teacher
    grade.save()
    student_changed(essay.student_id)
    existing = {s.criterion_id: s for s in grade.scores.all()}
    for criterion in criteria:
        score = existing.get(criterion.pk) or CriterionScore(grade=grade, criterion=criterion)
        score.level = chosen.get(criterion.pk)
        if criterion.pk in comments:
            score.comment = (comments[criterion.pk] or "")[:20000]
        score.save()
    grade = EssayGrade.objects.prefetch_related("scores__level").get(pk=grade.pk)
    after = grade_snapshot(grade)
    if after != before:
        released = (
            type(assignment).objects.filter(pk=assignment.pk, grades_released_at__isnull=False).exists()
        )
        _record_change(grade, teacher, before, after, now, released=released)
    return grade


def _record_change(grade, teacher, before, after, now, *, released):
    latest = grade.changes.first()
    if (
        not released
        and latest is not None
        and not latest.after_release
        and latest.changed_by_id == teacher.pk
        and now - latest.changed_at < CHANGE_MERGE_INTERVAL
    ):
        latest.after, latest.changed_at = after, now
        latest.save(update_fields=["after", "changed_at"])
        return
    GradeChange.objects.create(
        grade=grade, changed_by=teacher, changed_at=now, before=before, after=after, after_release=released
    )
    essay = grade.essay
    audit_record(
        action=Action.GRADE_CHANGED,
        summary=f"Essay grade of {essay.student} on “{essay.assignment.title}”"
        + (" (after release)" if released else ""),
        actor=teacher,
        classroom=essay.assignment.classroom,
        details={"essay": essay.pk, "before": before, "after": after},
    )


@transaction.atomic
def essay_grades_release(*, assignment, teacher, site_url="", now=None):
    """Release the grades: from now on students see their graded feedback; they are told by email."""
    now = now or timezone.now()
    locked = type(assignment).objects.select_for_update().get(pk=assignment.pk)
    if locked.grades_released_at is not None:
        raise EssayError(_("The grades of this assignment are already released."))
    locked.grades_released_at = now
    locked.save(update_fields=["grades_released_at", "updated_at"])
    assignment.grades_released_at = now
    graded = list(
        Essay.objects.filter(assignment=assignment, grade__is_complete=True).select_related("student")
    )
    transaction.on_commit(lambda: notify.grades_released(assignment, graded, site_url))
    audit_record(
        action=Action.GRADES_RELEASED,
        summary=f"Released the essay grades of “{assignment.title}” ({len(graded)} graded)",
        actor=teacher,
        classroom=assignment.classroom,
        details={"assignment": assignment.pk, "graded": len(graded)},
    )
    return len(graded)
