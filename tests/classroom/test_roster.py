"""Roster import: every bad line reported with its number and reason; all rows or nothing."""

from http import HTTPStatus

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from classroom.models import Membership, User
from classroom.services import roster_check, roster_import
from tests.factories import ClassroomFactory, UserFactory, student_of, teacher_of

pytestmark = pytest.mark.django_db

GOOD = (
    "username,full_name,email\n"
    "aruzhan,Aruzhan Abenova,aruzhan@example.com\n"
    "dias,Dias Sadykov,dias@example.com\n"
)


def errors_of(text, classroom=None):
    return roster_check(classroom=classroom or ClassroomFactory(), text=text).errors


class TestCheck:
    def test_a_good_file_has_no_errors(self):
        check = roster_check(classroom=ClassroomFactory(), text=GOOD)
        assert check.ok
        assert [row.username for row in check.rows] == ["aruzhan", "dias"]

    def test_a_missing_field_is_reported_with_its_line(self):
        assert errors_of("aruzhan,,aruzhan@example.com\n") == [(1, "full name is missing")]

    def test_a_bad_email_is_reported_with_its_line(self):
        (error,) = errors_of(GOOD + "timur,Timur Iskakov,not-an-email\n")
        assert error[0] == 4
        assert "not a valid email address" in error[1]

    def test_a_duplicate_in_the_file_names_the_first_line(self):
        (error,) = errors_of(GOOD + "Dias,Dias Again,dias2@example.com\n")
        assert error == (4, "username repeats line 3")

    def test_a_wrong_number_of_cells_is_reported(self):
        (error,) = errors_of("aruzhan,Aruzhan Abenova\n")
        assert error[0] == 1
        assert "expected 3 cells" in error[1]

    def test_a_too_long_name_is_reported(self):
        (error,) = errors_of(f"aruzhan,{'A' * 151},aruzhan@example.com\n")
        assert "longer than 150" in error[1]

    def test_a_username_of_a_staff_account_is_refused(self):
        UserFactory(username="boss", email="boss@example.com", is_staff=True)
        (error,) = errors_of("boss,Big Boss,boss@example.com\n")
        assert "staff account or a teacher of this class" in error[1]

    def test_a_username_taken_by_another_person_is_refused(self):
        UserFactory(username="aruzhan", email="someone.else@example.com")
        (error,) = errors_of("aruzhan,Aruzhan Abenova,aruzhan@example.com\n")
        assert "taken by another person" in error[1]

    def test_a_teacher_of_the_class_cannot_be_imported_as_its_student(self):
        classroom = ClassroomFactory()
        teacher = teacher_of(classroom)
        (error,) = errors_of(f"{teacher.username},T,{teacher.email}\n", classroom)
        assert "teacher of this class" in error[1]

    def test_an_existing_student_account_with_the_same_email_is_enrolled_as_it_is(self):
        user = UserFactory(username="aruzhan", email="aruzhan@example.com")
        check = roster_check(
            classroom=ClassroomFactory(), text="aruzhan,Aruzhan Abenova,ARUZHAN@example.com\n"
        )
        assert check.ok
        assert check.rows[0].existing == user

    def test_a_formula_looking_name_is_only_text(self):
        check = roster_check(
            classroom=ClassroomFactory(), text='aruzhan,"=HYPERLINK(""x"")",aruzhan@example.com\n'
        )
        assert check.ok
        assert check.rows[0].full_name == '=HYPERLINK("x")'

    def test_an_empty_file_is_an_error(self):
        assert errors_of("username,full_name,email\n") == [(0, "The file has no rows.")]


class TestImport:
    def test_one_bad_row_imports_nothing(self):
        classroom = ClassroomFactory()
        users_before = User.objects.count()
        check = roster_import(classroom=classroom, text=GOOD + "timur,Timur Iskakov,bad-email\n")
        assert not check.ok
        assert User.objects.count() == users_before
        assert not Membership.objects.filter(classroom=classroom).exists()

    def test_new_accounts_get_no_usable_password_and_a_set_password_email(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        classroom = ClassroomFactory()
        with django_capture_on_commit_callbacks(execute=True):
            roster_import(classroom=classroom, text=GOOD)
        user = User.objects.get(username="aruzhan")
        assert not user.has_usable_password()
        assert Membership.objects.get(user=user).classroom == classroom
        assert sorted(message.to[0] for message in mailoutbox) == ["aruzhan@example.com", "dias@example.com"]
        assert "/accounts/reset/" in mailoutbox[0].body

    def test_the_emailed_link_lets_the_student_choose_a_password(
        self, client, mailoutbox, django_capture_on_commit_callbacks
    ):
        with django_capture_on_commit_callbacks(execute=True):
            roster_import(classroom=ClassroomFactory(), text="aruzhan,Aruzhan Abenova,aruzhan@example.com\n")
        link = next(line for line in mailoutbox[0].body.splitlines() if "/accounts/reset/" in line)
        path = link.split("://", 1)[1].split("/", 1)[1]
        form_url = client.get("/" + path).url
        client.post(form_url, {"new_password1": "Steppe-wind-1920", "new_password2": "Steppe-wind-1920"})
        assert User.objects.get(username="aruzhan").check_password("Steppe-wind-1920")

    def test_an_existing_account_is_enrolled_without_an_email(
        self, mailoutbox, django_capture_on_commit_callbacks
    ):
        classroom = ClassroomFactory()
        user = UserFactory(username="aruzhan", email="aruzhan@example.com")
        with django_capture_on_commit_callbacks(execute=True):
            roster_import(classroom=classroom, text="aruzhan,Aruzhan Abenova,aruzhan@example.com\n")
        assert Membership.objects.get(user=user).classroom == classroom
        assert mailoutbox == []


class TestImportPages:
    def test_upload_shows_a_preview_and_imports_nothing_yet(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        upload = SimpleUploadedFile("roster.csv", GOOD.encode(), content_type="text/csv")
        response = client.post(reverse("classroom:roster_import", args=[classroom.pk]), {"file": upload})
        assert response.status_code == HTTPStatus.OK
        assert "2 students will be enrolled" in response.content.decode()
        assert not User.objects.filter(username="aruzhan").exists()

    def test_upload_with_a_bad_line_lists_it(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        upload = SimpleUploadedFile("roster.csv", (GOOD + "x,,\n").encode())
        html = client.post(
            reverse("classroom:roster_import", args=[classroom.pk]), {"file": upload}
        ).content.decode()
        assert "Line 4" in html
        assert "nothing was imported" in html

    def test_confirming_imports_every_row(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        response = client.post(reverse("classroom:roster_import", args=[classroom.pk]), {"text": GOOD})
        assert response.url == reverse("classroom:manage", args=[classroom.pk])
        assert Membership.objects.filter(classroom=classroom, role="student").count() == 2

    def test_a_file_that_is_not_utf8_is_refused_with_a_message(self, client):
        classroom = ClassroomFactory()
        client.force_login(teacher_of(classroom))
        upload = SimpleUploadedFile("roster.csv", "aruzhan,Аружан,a@example.com\n".encode("utf-16"))
        response = client.post(reverse("classroom:roster_import", args=[classroom.pk]), {"file": upload})
        assert response.status_code == HTTPStatus.BAD_REQUEST
        assert "not UTF-8" in response.content.decode()

    def test_a_student_cannot_import_a_roster(self, client):
        classroom = ClassroomFactory()
        client.force_login(student_of(classroom))
        response = client.post(reverse("classroom:roster_import", args=[classroom.pk]), {"text": GOOD})
        assert response.status_code == HTTPStatus.NOT_FOUND
        assert not User.objects.filter(username="aruzhan").exists()
