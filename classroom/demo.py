"""Demo data, part 1: the demo class, its two teachers, its 25 students and an administrator."""

from django.contrib.auth import get_user_model

from .models import Classroom, Membership

# Demo accounts exist only in demo data; the password is printed and in the README on purpose.
DEMO_PASSWORD = "kzcourse-demo"  # noqa: S105
DEMO_ADMIN = ("admin", "Demo Administrator")
DEMO_TEACHERS = [("teacher", "Aigerim Nurlanovna"), ("teacher2", "Daniyar Serikovich")]
DEMO_STUDENTS = [
    "Aruzhan Abenova", "Nursultan Akhmetov", "Dana Bekova", "Yerlan Dzhaksybekov", "Madina Ermekova",
    "Timur Iskakov", "Aliya Kassymova", "Bauyrzhan Kenzhebayev", "Zhanel Mukhanova", "Arman Nurpeisov",
    "Saule Omarova", "Askar Ospanov", "Kamila Rakhimova", "Dias Sadykov", "Aizhan Seitkali",
    "Nurlan Suleimenov", "Togzhan Tulegenova", "Erzhan Utegenov", "Gulnara Zhakupova", "Miras Zhumabekov",
    "Assel Baimukhanova", "Ruslan Tokayev", "Dinara Amanzholova", "Adil Beisenov", "Ainur Kaliyeva",
]  # fmt: skip
DEMO_CLASS = {
    "name": "History of Kazakhstan 1917–1940 — Group A",
    "term": "Autumn 2026",
    "join_code": "DEMO2026",
}


def seed(demo):
    admin = demo_user(*DEMO_ADMIN)
    if not admin.is_superuser:
        admin.is_staff = admin.is_superuser = True
        admin.save(update_fields=["is_staff", "is_superuser"])
    demo.classroom, _ = Classroom.objects.get_or_create(
        name=DEMO_CLASS["name"],
        defaults={"term": DEMO_CLASS["term"], "join_code": DEMO_CLASS["join_code"]},
    )
    for username, full_name in DEMO_TEACHERS:
        teacher = demo_user(username, full_name)
        Membership.objects.get_or_create(
            user=teacher, classroom=demo.classroom, defaults={"role": Membership.Role.TEACHER}
        )
        demo.teachers.append(teacher)
    for number, full_name in enumerate(DEMO_STUDENTS, start=1):
        student = demo_user(f"student{number}", full_name)
        Membership.objects.get_or_create(
            user=student, classroom=demo.classroom, defaults={"role": Membership.Role.STUDENT}
        )
        demo.students.append(student)


def demo_user(username, full_name):
    user, created = get_user_model().objects.get_or_create(
        username=username, defaults={"full_name": full_name, "email": f"{username}@example.com"}
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    return user


def print_logins(stdout):
    stdout.write("")
    stdout.write(f"Demo logins (password for all: {DEMO_PASSWORD})")
    stdout.write(f"  administrator: {DEMO_ADMIN[0]}")
    stdout.write(f"  teachers:      {', '.join(username for username, _ in DEMO_TEACHERS)}")
    stdout.write(f"  students:      student1 … student{len(DEMO_STUDENTS)}")
    stdout.write(f"  join code of the demo class: {DEMO_CLASS['join_code']}")
    stdout.write("")
