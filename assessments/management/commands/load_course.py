"""Load the course (fixtures/lessons.json and fixtures/assessments.json) into the database.

Safe to repeat: a second run changes nothing, and after a content edit rows are updated in place, so
the students' answers stay attached to their questions and choices.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.content.load import CourseLoadError, course_load, read_fixtures


class Command(BaseCommand):
    help = "Load the compiled course content into the database (idempotent; updates in place)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Folder with lessons.json and assessments.json (default: fixtures/).",
        )

    def handle(self, *args, fixtures_dir, **options):
        try:
            report = course_load(records=read_fixtures(fixtures_dir))
        except (OSError, ValueError, CourseLoadError) as error:
            raise CommandError(f"The course was not loaded: {error}") from error
        for line in report.lines():
            self.stdout.write(f"  {line}")
        self.stdout.write(
            self.style.SUCCESS("Course loaded." if report.changed else "Course already up to date.")
        )
