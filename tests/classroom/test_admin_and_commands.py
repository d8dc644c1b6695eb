"""Admin for classes (roster export) and the create_teacher command."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from classroom.exports import spreadsheet_safe
from classroom.models import Classroom, User
from tests.factories import AssignmentFactory, ClassroomFactory, UserFactory, student_of

pytestmark = pytest.mark.django_db


class TestRosterExport:
    @pytest.mark.parametrize("value", ["=1+1", "+7 701", "-2", "@SUM(A1)", "\t=x"])
    def test_formula_like_cells_are_neutralised(self, value):
        assert spreadsheet_safe(value) == "'" + value

    def test_plain_cells_are_unchanged(self):
        assert spreadsheet_safe("Aruzhan Abenova") == "Aruzhan Abenova"

    def test_the_admin_action_exports_the_roster_as_csv(self, admin_client):
        classroom = ClassroomFactory(name="Group A")
        student_of(classroom, user__username="aruzhan", user__full_name="=HYPERLINK(1)")
        response = admin_client.post(
            reverse("admin:classroom_classroom_changelist"),
            {"action": "export_class_rosters", "_selected_action": [classroom.pk]},
        )
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0][:4] == ["class", "term", "username", "full_name"]
        assert rows[1][2:4] == ["aruzhan", "'=HYPERLINK(1)"]


class TestAdminPages:
    @pytest.mark.parametrize(
        "name", ["classroom_classroom", "classroom_membership", "assessments_assignment", "classroom_user"]
    )
    def test_the_list_and_the_change_page_open(self, admin_client, name):
        assignment = AssignmentFactory()
        student_of(assignment.classroom)
        objects = {
            "classroom_classroom": assignment.classroom,
            "classroom_membership": assignment.classroom.memberships.first(),
            "assessments_assignment": assignment,
            "classroom_user": User.objects.exclude(is_superuser=True).first(),
        }
        assert admin_client.get(reverse(f"admin:{name}_changelist") + "?q=a").status_code == 200
        assert admin_client.get(reverse(f"admin:{name}_change", args=[objects[name].pk])).status_code == 200


class TestCreateTeacher:
    def test_creates_a_teacher_who_may_create_classes_and_emails_a_link(self, mailoutbox):
        call_command("create_teacher", "aigerim", "Aigerim Nurlanovna", "aigerim@example.com")
        teacher = User.objects.get(username="aigerim")
        assert teacher.has_perm("classroom.add_classroom")
        assert not teacher.has_usable_password()
        assert mailoutbox[0].to == ["aigerim@example.com"]

    def test_an_existing_account_gets_the_permission(self):
        user = UserFactory(username="aigerim")
        call_command("create_teacher", "aigerim", "Aigerim", "aigerim@example.com")
        user = User.objects.get(pk=user.pk)
        assert user.has_perm("classroom.add_classroom")
        assert user.has_usable_password()

    def test_a_bad_email_is_refused(self):
        with pytest.raises(CommandError, match="email"):
            call_command("create_teacher", "aigerim", "Aigerim", "nope")
        assert not User.objects.filter(username="aigerim").exists()

    def test_the_teacher_can_then_create_a_class(self, client):
        call_command("create_teacher", "aigerim", "Aigerim", "aigerim@example.com")
        client.force_login(User.objects.get(username="aigerim"))
        client.post(reverse("classroom:create"), {"name": "Group D"})
        assert Classroom.objects.filter(name="Group D").exists()
