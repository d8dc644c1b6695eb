"""The demo class that `make run` shows."""

import pytest
from django.core.management import CommandError, call_command

from classroom.models import Classroom, Membership, User

pytestmark = pytest.mark.django_db


def test_seed_demo_refuses_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="--force"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_seed_demo_makes_two_teachers_and_25_students():
    call_command("seed_demo", "--force")
    classroom = Classroom.objects.get()
    roles = Membership.objects.filter(classroom=classroom)
    assert roles.filter(role=Membership.Role.TEACHER).count() == 2
    assert roles.filter(role=Membership.Role.STUDENT).count() == 25
    assert User.objects.get(username="admin").is_superuser


def test_seed_demo_twice_changes_nothing():
    call_command("seed_demo", "--force")
    counts = (User.objects.count(), Membership.objects.count(), Classroom.objects.count())
    call_command("seed_demo", "--force")
    assert (User.objects.count(), Membership.objects.count(), Classroom.objects.count()) == counts
