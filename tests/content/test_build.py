"""build_fixtures writes the same bytes on every run, and --check fails when the fixtures are stale."""

import json

import pytest
from django.core.management import CommandError, call_command

from assessments.content.build import render

from .conftest import FIXTURES, edit_yaml, question


def build(root, *args):
    call_command("build_fixtures", "--fixtures-dir", str(root), *args)


def fixture_bytes(root):
    return {path.name: path.read_bytes() for path in sorted(root.glob("*.json"))}


def test_two_builds_write_byte_identical_fixtures(scratch):
    build(scratch)
    first = fixture_bytes(scratch)
    for path in scratch.glob("*.json"):
        path.unlink()
    build(scratch)
    assert set(first) == {"lessons.json", "assessments.json"}
    assert fixture_bytes(scratch) == first


def test_a_fresh_build_equals_the_committed_fixtures():
    """The committed fixtures are what the committed content compiles to (CI runs the same check)."""
    call_command("build_fixtures", "--check")


def test_fixtures_use_natural_keys_and_sorted_keys(scratch):
    text = render(scratch)["assessments.json"]
    records = json.loads(text)
    assert all("pk" not in record for record in records)
    assert json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n" == text
    choice = next(record for record in records if record["model"] == "assessments.choice")
    assert isinstance(choice["fields"]["question"], list)


def test_check_fails_when_the_content_changed_after_the_build(scratch):
    build(scratch)
    edit_yaml(
        scratch / "content" / "57-industrialization.yaml",
        lambda data: question(data, "ind-01").update(
            prompt="Which Soviet leader launched rapid industrialization?"
        ),
    )
    with pytest.raises(CommandError, match="assessments.json"):
        build(scratch, "--check")


def test_check_fails_when_a_fixture_was_edited_by_hand(scratch):
    build(scratch)
    path = scratch / "lessons.json"
    path.write_text(path.read_text(encoding="utf-8").replace("Stalin", "Staline", 1), encoding="utf-8")
    with pytest.raises(CommandError, match="lessons.json"):
        build(scratch, "--check")


def test_check_writes_nothing(scratch):
    with pytest.raises(CommandError, match="Stale"):
        build(scratch, "--check")
    assert fixture_bytes(scratch) == {}


def test_nothing_is_written_when_the_content_has_an_error(scratch):
    build(scratch)
    before = fixture_bytes(scratch)
    content = scratch / "content"
    edit_yaml(content / "58-collectivization.yaml", lambda data: data.update(title="A new title"))
    edit_yaml(
        content / "57-industrialization.yaml", lambda data: question(data, "ind-01").update(citation="x y z")
    )
    with pytest.raises(CommandError, match="1 error"):
        build(scratch)
    assert fixture_bytes(scratch) == before


def test_the_committed_fixtures_load_with_plain_loaddata(db):
    """The files are Django fixtures with natural keys: loaddata reads them too."""
    from lessons.models import Lesson

    call_command("loaddata", str(FIXTURES / "lessons.json"), str(FIXTURES / "assessments.json"), verbosity=0)
    assert Lesson.objects.count() == 5
