"""Make (or promote) a teacher account: the one permission that lets a person create classes."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from classroom.services import send_invitation


class Command(BaseCommand):
    help = (
        "Create a teacher account (or give an existing account the right to create classes). "
        "A new account has no password: it is emailed a link to choose one."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("full_name")
        parser.add_argument("email")
        parser.add_argument("--domain", default="127.0.0.1:8000", help="Host name for the link in the email.")
        parser.add_argument("--https", action="store_true", help="Make the link https://.")

    def handle(self, *args, username, full_name, email, domain, https, **options):
        try:
            validate_email(email)
        except ValidationError:
            raise CommandError(f"Not a valid email address: {email!r}") from None
        permission = Permission.objects.get(content_type__app_label="classroom", codename="add_classroom")
        User = get_user_model()
        with transaction.atomic():
            user = User.objects.filter(username__iexact=username).first()
            created = user is None
            if created:
                user = User(username=username, full_name=full_name, email=email)
                user.set_unusable_password()
                try:
                    user.full_clean()
                except ValidationError as error:
                    raise CommandError("; ".join(error.messages)) from None
                user.save()
            user.user_permissions.add(permission)
        if created:
            send_invitation(user, domain=domain, use_https=https)
            self.stdout.write(
                self.style.SUCCESS(f"Teacher {username} created; {email} was sent a link to set a password.")
            )
        else:
            self.stdout.write(self.style.SUCCESS(f"{user.username} may now create classes."))
