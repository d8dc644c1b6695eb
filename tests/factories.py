"""factory_boy factories for the models every test needs."""

import factory
from django.contrib.auth import get_user_model

from classroom.models import Classroom, Membership

TEST_PASSWORD = "correct horse battery staple"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    full_name = factory.Faker("name")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save(update_fields=["password"])


class ClassroomFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Classroom

    name = factory.Sequence(lambda n: f"History group {n}")
    term = "Autumn 2026"
    join_code = factory.Sequence(lambda n: f"CODE{n:04d}")


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    classroom = factory.SubFactory(ClassroomFactory)
    role = Membership.Role.STUDENT


def teacher_of(classroom, **kwargs):
    return MembershipFactory(classroom=classroom, role=Membership.Role.TEACHER, **kwargs).user


def student_of(classroom, **kwargs):
    return MembershipFactory(classroom=classroom, role=Membership.Role.STUDENT, **kwargs).user
