"""Two teachers saving the same grade at the same moment: one wins, the other is told, nothing is lost."""

import threading

import pytest
from django.db import connection

from assessments.essays import services
from assessments.models import EssayGrade
from tests.factories import teacher_of

from .conftest import words

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def all_levels(assignment, position):
    return {c.pk: c.levels.get(position=position).pk for c in assignment.essay_prompt.criteria.all()}


def test_concurrent_saves_from_the_same_version_let_exactly_one_through(
    assignment, student, teacher, classroom
):
    """Both pages loaded version N; saved at once, one save lands and the other raises StaleGrade."""
    colleague = teacher_of(classroom)
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 1))
    barrier = threading.Barrier(2)
    outcomes = {}

    def save(who, position):
        try:
            barrier.wait()
            services.essay_grade(
                essay=essay, teacher=who, version=grade.version, levels=all_levels(assignment, position)
            )
            outcomes[position] = "saved"
        except services.StaleGrade:
            outcomes[position] = "stale"
        finally:
            connection.close()

    threads = [
        threading.Thread(target=save, args=(teacher, 3)),
        threading.Thread(target=save, args=(colleague, 4)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes.values()) == ["saved", "stale"]
    winner = next(position for position, outcome in outcomes.items() if outcome == "saved")
    final = EssayGrade.objects.get()
    assert final.total == {3: 15, 4: 20}[winner]
    assert final.version == grade.version + 1


def test_a_stale_save_is_refused_on_this_database(assignment, student, teacher):
    """The version check holds on PostgreSQL as on SQLite: an old version changes nothing."""
    essay = services.essay_submit(assignment=assignment, student=student, text=words(10), revision=1)
    grade = services.essay_grade(essay=essay, teacher=teacher, version=0, levels=all_levels(assignment, 2))
    services.essay_grade(
        essay=essay, teacher=teacher, version=grade.version, levels=all_levels(assignment, 4)
    )
    with pytest.raises(services.StaleGrade):
        services.essay_grade(
            essay=essay, teacher=teacher, version=grade.version, levels=all_levels(assignment, 1)
        )
    assert EssayGrade.objects.get().total == 20
