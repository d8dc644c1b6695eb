"""Set-up for the course content tests: the real course loaded, and a scratch copy of its sources."""

import shutil
from pathlib import Path

import pytest
import yaml
from django.conf import settings

from assessments.content.load import course_load, read_fixtures

FIXTURES = Path(settings.BASE_DIR) / "fixtures"
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TOPIC_FILES = sorted(path.name for path in (FIXTURES / "content").glob("[0-9][0-9]-*.yaml"))


@pytest.fixture
def course(db):
    """The committed course fixtures, loaded into the test database."""
    return course_load(records=read_fixtures(FIXTURES))


@pytest.fixture
def scratch(tmp_path):
    """A copy of fixtures/content and fixtures/sources to edit and build in (no JSON yet)."""
    root = tmp_path / "fixtures"
    shutil.copytree(FIXTURES / "content", root / "content")
    shutil.copytree(FIXTURES / "sources", root / "sources")
    return root


def edit_yaml(path, change):
    """Load a YAML file, let `change(data)` alter it, and write it back."""
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=SAFE_LOADER)  # noqa: S506 - a safe loader
    change(data)
    text = yaml.dump(
        data,
        Dumper=getattr(yaml, "CSafeDumper", yaml.SafeDumper),
        sort_keys=False,
        allow_unicode=True,
        width=1000,
    )
    path.write_text(text, encoding="utf-8")


def question(data, slug):
    return next(entry for entry in data["questions"] if entry["slug"] == slug)
