"""Lesson pages: any signed-in person may read every lesson (assignments decide what is due, not access)."""

from .expect import GET_ONLY, SIGNED_IN
from .rows import Row

ROWS = [
    Row("lessons:list", get=SIGNED_IN, post=GET_ONLY),
    Row(
        "lessons:detail",
        kwargs=lambda world: {"slug": world.reading_a.lesson.slug},
        get=SIGNED_IN,
        post=GET_ONLY,
    ),
]
