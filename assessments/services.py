"""Writes of the assessments app's root: assignments of lessons, quizzes and essays to classes."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError, RestrictedError
from django.utils.translation import gettext as _

from .models import Assignment
from .selectors import assignment_has_started

# The field that names what an assignment assesses, per kind.
CONTENT_FIELD = {
    Assignment.Kind.READING: "lesson",
    Assignment.Kind.QUIZ: "quiz",
    Assignment.Kind.ESSAY: "essay_prompt",
}


@transaction.atomic
def assignment_create(*, classroom, kind, created_by, **fields):
    """Assign a lesson, quiz or essay prompt (the field CONTENT_FIELD[kind]) to a class."""
    if kind not in CONTENT_FIELD:
        raise ValidationError(_("Unknown kind of assignment."))
    assignment = Assignment(classroom=classroom, kind=kind, created_by=created_by, **fields)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_update(*, assignment, **fields):
    """Change an assignment. Dates and settings always; what it assesses only before anyone starts."""
    assignment = Assignment.objects.select_for_update().get(pk=assignment.pk)
    content_field = CONTENT_FIELD[assignment.kind]
    for name in set(CONTENT_FIELD.values()) - {content_field}:
        if fields.get(name) is not None:
            raise ValidationError(_("An assignment's kind cannot change; make a new assignment."))
        fields.pop(name, None)
    new_content = fields.get(content_field)
    if (
        new_content is not None
        and new_content.pk != getattr(assignment, f"{content_field}_id")
        and assignment_has_started(assignment)
    ):
        raise ValidationError(
            {
                content_field: _(
                    "Students have started this assignment: what it assesses can no longer change."
                )
            }
        )
    for name, value in fields.items():
        setattr(assignment, name, value)
    assignment.full_clean()
    assignment.save()
    return assignment


@transaction.atomic
def assignment_set_archived(*, assignment, archived):
    """Archive (hide from students, keep everything) or bring back an assignment."""
    assignment.is_archived = bool(archived)
    assignment.save(update_fields=["is_archived", "updated_at"])
    return assignment


@transaction.atomic
def assignment_delete(*, assignment):
    """Delete an assignment no student has worked on; with student work, refuse (archive it instead)."""
    refusal = ValidationError(_("Students have work on this assignment: archive it instead of deleting it."))
    if assignment_has_started(assignment):
        raise refusal
    try:
        assignment.delete()
    except (ProtectedError, RestrictedError):
        raise refusal from None
