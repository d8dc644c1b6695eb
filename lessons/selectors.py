"""Reads of the lessons app."""

from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404

from .models import Lesson, ReadingProgress


def lessons_for_list(user):
    """Every lesson in course order, each with `is_read` for this user (one query)."""
    return Lesson.objects.annotate(
        is_read=Exists(ReadingProgress.objects.filter(lesson=OuterRef("pk"), user=user))
    ).order_by("number")


def lesson_for_reading(slug):
    """The lesson with everything its page shows, in a fixed number of queries; 404 when there is none."""
    queryset = Lesson.objects.prefetch_related(
        "paragraphs", "notes", "objectives", "key_terms", "people", "timeline_events"
    )
    return get_object_or_404(queryset, slug=slug)
