"""Teachers create and run classes: join codes, co-teachers, removing students."""

from http import HTTPStatus

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from classroom.access import can_create_classes
from classroom.models import Classroom, Membership
from classroom.services import JOIN_CODE_ALPHABET, JOIN_CODE_LENGTH, classroom_create, new_join_code
from lessons.models import ReadingProgress
from tests.classroom.helpers import queries_of
from tests.factories import ClassroomFactory, LessonFactory, UserFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db


def class_creator():
    user = UserFactory()
    user.user_permissions.add(Permission.objects.get(codename="add_classroom"))
    return user


class TestCreate:
    def test_teacher_with_the_permission_creates_a_class_and_teaches_it(self, client):
        teacher = class_creator()
        client.force_login(teacher)
        response = client.post(reverse("classroom:create"), {"name": "Group B", "term": "Spring 2027"})
        classroom = Classroom.objects.get(name="Group B")
        assert response.url == reverse("classroom:manage", args=[classroom.pk])
        assert Membership.objects.get(classroom=classroom).user == teacher
        assert Membership.objects.get(classroom=classroom).role == Membership.Role.TEACHER

    def test_user_without_the_permission_cannot_create_a_class(self, client):
        client.force_login(UserFactory())
        response = client.post(reverse("classroom:create"), {"name": "Group B"})
        assert response.status_code == HTTPStatus.FORBIDDEN
        assert not Classroom.objects.exists()

    def test_staff_may_create_a_class(self, client):
        client.force_login(UserFactory(is_staff=True))
        client.post(reverse("classroom:create"), {"name": "Group C"})
        assert Classroom.objects.filter(name="Group C").exists()

    def test_a_class_without_a_name_is_refused_with_a_message(self, client):
        client.force_login(class_creator())
        response = client.post(reverse("classroom:create"), {"name": ""})
        assert response.status_code == HTTPStatus.OK
        assert response.context["form"].errors["name"]
        assert not Classroom.objects.exists()


class TestJoinCode:
    def test_codes_use_only_unambiguous_characters(self):
        codes = {new_join_code() for _ in range(50)}
        assert all(len(code) == JOIN_CODE_LENGTH for code in codes)
        assert set("".join(codes)) <= set(JOIN_CODE_ALPHABET)
        assert not set("".join(codes)) & set("01OIL")

    def test_regenerating_replaces_the_code(self, client):
        teacher = class_creator()
        classroom = classroom_create(teacher=teacher, name="Group")
        old = classroom.join_code
        client.force_login(teacher)
        client.post(reverse("classroom:code_regenerate", args=[classroom.pk]))
        classroom.refresh_from_db()
        assert classroom.join_code != old
        assert classroom.join_enabled

    def test_joining_can_be_switched_off_and_on(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        client.post(reverse("classroom:code_joining", args=[classroom.pk]), {})
        classroom.refresh_from_db()
        assert not classroom.join_enabled
        client.post(reverse("classroom:code_joining", args=[classroom.pk]), {"enabled": "on"})
        classroom.refresh_from_db()
        assert classroom.join_enabled

    def test_teacher_of_another_class_cannot_change_the_code(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(ClassroomFactory()))
        response = client.post(reverse("classroom:code_regenerate", args=[classroom.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert Classroom.objects.get(pk=classroom.pk).join_code == classroom.join_code


class TestCoteacher:
    def test_teacher_adds_a_coteacher_by_username(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        colleague = UserFactory(username="daniyar")
        client.post(reverse("classroom:coteacher_add", args=[classroom.pk]), {"username": "Daniyar"})
        assert Membership.objects.get(user=colleague, classroom=classroom).role == Membership.Role.TEACHER

    def test_unknown_username_is_refused_with_a_message(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        response = client.post(
            reverse("classroom:coteacher_add", args=[classroom.pk]), {"username": "nobody"}
        )
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "No active account has this username." in response.content.decode()
        assert Membership.objects.filter(classroom=classroom).count() == 1

    def test_a_student_of_the_class_cannot_become_its_coteacher(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        student = student_of(classroom)
        client.post(reverse("classroom:coteacher_add", args=[classroom.pk]), {"username": student.username})
        assert Membership.objects.get(user=student, classroom=classroom).role == Membership.Role.STUDENT


class TestRemoveStudent:
    def test_removing_deactivates_the_membership_and_keeps_the_work(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        student = student_of(classroom)
        lesson = LessonFactory()
        ReadingProgress.objects.create(user=student, lesson=lesson)
        membership = Membership.objects.get(user=student, classroom=classroom)
        client.post(reverse("classroom:student_remove", args=[classroom.pk, membership.pk]))
        membership.refresh_from_db()
        assert not membership.is_active
        assert ReadingProgress.objects.filter(user=student, lesson=lesson).exists()

    def test_removed_student_no_longer_reaches_the_class(self, client):
        classroom = ClassroomFactory()
        student = student_of(classroom)
        Membership.objects.filter(user=student).update(is_active=False)
        client.force_login(student)
        response = client.get(reverse("assessments:class_detail", args=[classroom.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND

    def test_a_teacher_cannot_be_removed_as_a_student(self, client):
        classroom = ClassroomFactory()
        teacher = teacher_of(classroom)
        colleague = teacher_of(classroom)
        client.force_login(teacher)
        membership = Membership.objects.get(user=colleague, classroom=classroom)
        response = client.post(reverse("classroom:student_remove", args=[classroom.pk, membership.pk]))
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert Membership.objects.get(pk=membership.pk).is_active

    def test_removed_student_can_be_added_back(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        membership = Membership.objects.get(user=student_of(classroom, is_active=False))
        client.post(reverse("classroom:student_readd", args=[classroom.pk, membership.pk]))
        membership.refresh_from_db()
        assert membership.is_active


class TestManagePage:
    def test_shows_the_code_and_every_member(self, client):
        classroom = ClassroomFactory(join_code="ABCD2345")
        client.force_login(teacher_of(classroom))
        student = student_of(classroom, user__full_name="Aruzhan <b>Abenova</b>")
        html = client.get(reverse("classroom:manage", args=[classroom.pk])).content.decode()
        assert "ABCD2345" in html
        assert student.username in html
        assert "Aruzhan &lt;b&gt;Abenova&lt;/b&gt;" in html

    def test_query_count_does_not_grow_with_the_class(self, client, django_assert_num_queries):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        url = reverse("classroom:manage", args=[classroom.pk])
        for _ in range(2):
            student_of(classroom)
        client.get(url)
        small = queries_of(lambda: client.get(url))
        for _ in range(10):
            student_of(classroom)
        with django_assert_num_queries(small):
            client.get(url)


class TestWhoMayCreateClasses:
    """can_create_classes reads the permission in one query, exactly as has_perm reads it."""

    def grant(self, user, how):
        permission = Permission.objects.get(codename="add_classroom")
        if how == "own":
            user.user_permissions.add(permission)
        elif how == "group":
            group = Group.objects.create(name="Teachers")
            group.permissions.add(permission)
            user.groups.add(group)
        elif how == "other permission":
            user.user_permissions.add(Permission.objects.get(codename="change_classroom"))

    @pytest.mark.parametrize("how", ["none", "own", "group", "other permission"])
    @pytest.mark.parametrize("is_active", [True, False])
    @pytest.mark.parametrize("is_superuser", [True, False])
    def test_the_answer_is_has_perms(self, how, is_active, is_superuser):
        user = UserFactory(is_active=is_active, is_superuser=is_superuser)
        self.grant(user, how)
        user = type(user).objects.get(pk=user.pk)  # no cached permissions
        assert can_create_classes(user) == user.has_perm("classroom.add_classroom")

    def test_staff_may_always(self):
        assert can_create_classes(UserFactory(is_staff=True))
