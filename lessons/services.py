"""Writes of the lessons app."""

from django.db import transaction

from classroom.fragments import student_changed

from .models import ReadingProgress


@transaction.atomic
def reading_mark(*, user, lesson, read=True):
    """Record (or take back) that `user` has read `lesson`; marking twice keeps the first time."""
    if read:
        ReadingProgress.objects.get_or_create(user=user, lesson=lesson)
    else:
        ReadingProgress.objects.filter(user=user, lesson=lesson).delete()
    student_changed(user.pk)
