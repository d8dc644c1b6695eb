"""Reads of the lessons app."""

from django.db.models import Exists, OuterRef, prefetch_related_objects
from django.shortcuts import get_object_or_404

from .models import Lesson, ReadingProgress

LESSON_PARTS = ("paragraphs", "notes", "objectives", "key_terms", "people", "timeline_events")


def lessons_for_list(user):
    """Every lesson in course order, each with `is_read` for this user (one query)."""
    return Lesson.objects.annotate(
        is_read=Exists(ReadingProgress.objects.filter(lesson=OuterRef("pk"), user=user))
    ).order_by("number")


def lesson_for_reader(slug, user):
    """The lesson (without its parts) with `is_read` for this user, in one query; 404 when there is none."""
    queryset = Lesson.objects.annotate(
        is_read=Exists(ReadingProgress.objects.filter(lesson=OuterRef("pk"), user=user))
    )
    return get_object_or_404(queryset, slug=slug)


def lesson_parts(lesson):
    """Load everything the lesson's page shows below its title onto `lesson` (one query per part)."""
    prefetch_related_objects([lesson], *LESSON_PARTS)
    return lesson
