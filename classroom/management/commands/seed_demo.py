"""Create the demo class that `make run` shows, with work in every state.

Each app adds its own part from a module `<app>/demo.py` with a function `seed(demo)`, called in the
order of INSTALLED_APPS (so lower apps first). The parts share one `DemoContext`; each part is safe to
run again and changes nothing the second time.
"""

import importlib
import random
from dataclasses import dataclass, field
from datetime import datetime

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from classroom.demo import print_logins


@dataclass
class DemoContext:
    """What the demo parts share: the class and its people, the time, and a seeded random source."""

    now: datetime
    rng: random.Random
    stdout: object
    classroom: object = None
    teachers: list = field(default_factory=list)
    students: list = field(default_factory=list)


class Command(BaseCommand):
    help = "Create (or bring up to date) the demo class: teachers, 25 students and their work."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Run even with DEBUG off.")

    def handle(self, *args, force=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(
                "seed_demo makes accounts with a published password; with DEBUG off, add --force."
            )
        demo = DemoContext(now=timezone.now(), rng=random.Random(1917), stdout=self.stdout)
        with transaction.atomic():
            for app_config in apps.get_app_configs():
                try:
                    part = importlib.import_module(f"{app_config.name}.demo")
                except ModuleNotFoundError as error:
                    if error.name != f"{app_config.name}.demo":
                        raise
                    continue
                part.seed(demo)
        self.stdout.write(self.style.SUCCESS(f"Demo class ready: {demo.classroom}"))
        print_logins(self.stdout)
