"""Create the demo class that `make run` shows: teachers, students and their class."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from classroom.models import Classroom, Membership

# Demo accounts exist only in demo data; the password is printed and in the README on purpose.
DEMO_PASSWORD = "kzcourse-demo"  # noqa: S105
DEMO_ADMIN = ("admin", "Demo Administrator")
DEMO_TEACHERS = [("teacher", "Aigerim Nurlanovna"), ("teacher2", "Daniyar Serikovich")]
DEMO_STUDENTS = [
    "Aruzhan Abenova",
    "Nursultan Akhmetov",
    "Dana Bekova",
    "Yerlan Dzhaksybekov",
    "Madina Ermekova",
    "Timur Iskakov",
    "Aliya Kassymova",
    "Bauyrzhan Kenzhebayev",
    "Zhanel Mukhanova",
    "Arman Nurpeisov",
    "Saule Omarova",
    "Askar Ospanov",
    "Kamila Rakhimova",
    "Dias Sadykov",
    "Aizhan Seitkali",
    "Nurlan Suleimenov",
    "Togzhan Tulegenova",
    "Erzhan Utegenov",
    "Gulnara Zhakupova",
    "Miras Zhumabekov",
    "Assel Baimukhanova",
    "Ruslan Tokayev",
    "Dinara Amanzholova",
    "Adil Beisenov",
    "Ainur Kaliyeva",
]
DEMO_CLASS = {"name": "History of Kazakhstan 1917–1940 — Group A", "term": "Autumn 2026"}


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo class with its teachers and 25 students."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a published password; with DEBUG off, add --force."
            )
        with transaction.atomic():
            classroom = self.seed_people()
        self.stdout.write(self.style.SUCCESS(f"Demo class ready: {classroom}"))
        self.print_logins()

    def seed_people(self):
        admin = self.demo_user(*DEMO_ADMIN)
        if not admin.is_superuser:
            admin.is_staff = admin.is_superuser = True
            admin.save(update_fields=["is_staff", "is_superuser"])
        classroom, _ = Classroom.objects.get_or_create(
            name=DEMO_CLASS["name"],
            defaults={"term": DEMO_CLASS["term"], "join_code": "DEMO-2026"},
        )
        for username, full_name in DEMO_TEACHERS:
            teacher = self.demo_user(username, full_name)
            Membership.objects.get_or_create(
                user=teacher, classroom=classroom, defaults={"role": Membership.Role.TEACHER}
            )
        for number, full_name in enumerate(DEMO_STUDENTS, start=1):
            student = self.demo_user(f"student{number}", full_name)
            Membership.objects.get_or_create(
                user=student, classroom=classroom, defaults={"role": Membership.Role.STUDENT}
            )
        return classroom

    def demo_user(self, username, full_name):
        User = get_user_model()
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"full_name": full_name, "email": f"{username}@example.com"},
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        return user

    def print_logins(self):
        self.stdout.write("")
        self.stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
        self.stdout.write(f"  administrator: {DEMO_ADMIN[0]}")
        self.stdout.write(f"  teachers:      {', '.join(u for u, _ in DEMO_TEACHERS)}")
        self.stdout.write(f"  students:      student1 … student{len(DEMO_STUDENTS)}")
        self.stdout.write("")
