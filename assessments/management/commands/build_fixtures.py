"""Compile fixtures/content/*.yaml and fixtures/sources/*.txt into fixtures/lessons.json and
fixtures/assessments.json; with --check, only say whether the committed files are up to date."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from assessments.content.build import render, stale_files, write
from lessons.content.errors import ContentInvalid


class Command(BaseCommand):
    help = "Check the authored course content and compile it into fixtures/*.json (byte-identical runs)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--check",
            action="store_true",
            help="Write nothing; exit non-zero when the fixtures on disk differ from a fresh build.",
        )
        parser.add_argument(
            "--fixtures-dir",
            type=Path,
            default=Path(settings.BASE_DIR) / "fixtures",
            help="Folder with content/ and sources/, where the JSON files are written (default: fixtures/).",
        )

    def handle(self, *args, check, fixtures_dir, **options):
        try:
            rendered = render(fixtures_dir)
        except ContentInvalid as invalid:
            for error in invalid.errors:
                self.stderr.write(str(error))
            raise CommandError(
                f"{len(invalid.errors)} error(s) in the course content; nothing was written."
            ) from None
        if check:
            stale = stale_files(fixtures_dir, rendered)
            if stale:
                raise CommandError(
                    f"Stale fixtures: {', '.join(stale)}. Run `make fixtures` and commit the result."
                )
            self.stdout.write(self.style.SUCCESS("Fixtures are up to date."))
            return
        changed = write(fixtures_dir, rendered)
        self.stdout.write(
            self.style.SUCCESS(f"Wrote {', '.join(changed)}.")
            if changed
            else "Fixtures were already up to date."
        )
