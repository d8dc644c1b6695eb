"""Writes of the gradebook: settings and scale, excusals, cell overrides (each change kept)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from classroom.audit import Action, audit_record

from . import grading
from .models import CellOverride, CellOverrideChange, Excusal, GradebookSettings, LetterBand


@transaction.atomic
def gradebook_settings_update(
    *, classroom, quiz_weight, essay_weight, drop_lowest_quizzes, drop_lowest_essays, missing_counts_as_zero
):
    """Save the class's grading settings (created on first save)."""
    row, _created = GradebookSettings.objects.select_for_update().get_or_create(classroom=classroom)
    row.quiz_weight = quiz_weight
    row.essay_weight = essay_weight
    row.drop_lowest_quizzes = drop_lowest_quizzes
    row.drop_lowest_essays = drop_lowest_essays
    row.missing_counts_as_zero = missing_counts_as_zero
    row.full_clean()
    row.save()
    return row


@transaction.atomic
def letter_scale_update(*, classroom, bands):
    """Replace the class's letter scale with `bands`: [(letter, min_percent, gpa)]; one must start at 0."""
    letters = [letter for letter, _min, _gpa in bands]
    thresholds = [minimum for _letter, minimum, _gpa in bands]
    if not bands:
        raise ValidationError(_("The scale needs at least one letter."))
    if len(set(letters)) != len(letters):
        raise ValidationError(_("Each letter may appear only once."))
    if len(set(thresholds)) != len(thresholds):
        raise ValidationError(_("Two letters cannot start at the same percentage."))
    if min(thresholds) != 0:
        raise ValidationError(_("The lowest letter must start at 0 %, so every grade has a letter."))
    LetterBand.objects.filter(classroom=classroom).delete()
    rows = [
        LetterBand(classroom=classroom, letter=letter, min_percent=m, gpa=gpa) for letter, m, gpa in bands
    ]
    for row in rows:
        row.full_clean(exclude=["classroom"], validate_unique=False, validate_constraints=False)
    LetterBand.objects.bulk_create(rows)
    return rows


@transaction.atomic
def letter_scale_reset(*, classroom):
    """Go back to the default scale (PRODUCT.md's Kazakhstan credit scale)."""
    return letter_scale_update(classroom=classroom, bands=list(grading.DEFAULT_SCALE))


@transaction.atomic
def excusal_set(*, student, assignment, excused, reason="", by):
    """Excuse the student from the assignment, or take the excusal back."""
    if excused:
        excusal, _created = Excusal.objects.update_or_create(
            student=student, assignment=assignment, defaults={"reason": reason, "created_by": by}
        )
        return excusal
    Excusal.objects.filter(student=student, assignment=assignment).delete()
    return None


@transaction.atomic
def cell_override_set(*, student, assignment, percent, reason, by):
    """Set (percent) or clear (None) the teacher's override of one cell; the change is kept in history."""
    if not reason.strip():
        raise ValidationError(_("Say why the grade is changed."))
    if assignment.kind == assignment.Kind.READING:
        raise ValidationError(_("Readings count for completion only: they have no score to override."))
    current = CellOverride.objects.select_for_update().filter(student=student, assignment=assignment).first()
    before = current.percent if current else None
    if percent is None:
        if current is None:
            return None
        current.delete()
        override = None
    else:
        override = current or CellOverride(student=student, assignment=assignment)
        override.percent = percent
        override.reason = reason
        override.updated_by = by
        override.full_clean(exclude=["student", "assignment"], validate_unique=False)
        override.save()
    if before != percent:
        CellOverrideChange.objects.create(
            student=student, assignment=assignment, changed_by=by, before=before, after=percent, reason=reason
        )
        audit_record(
            action=Action.GRADE_OVERRIDDEN,
            summary=f"Gradebook cell of {student} on “{assignment.title}”: {before} → {percent} ({reason})",
            actor=by,
            classroom=assignment.classroom,
            details={
                "assignment": assignment.pk,
                "student": student.pk,
                "before": str(before),
                "after": str(percent),
            },
        )
    return override
