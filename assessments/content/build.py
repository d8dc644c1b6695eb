"""The compiled fixtures as files: rendered byte-for-byte the same on every run, written all or nothing."""

import json
import os
from pathlib import Path

from .course import compile_course


def render(fixtures_dir):
    """{file name: JSON text}: sorted keys, stable record order, a final newline."""
    return {
        name: json.dumps(records, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        for name, records in compile_course(fixtures_dir).items()
    }


def stale_files(fixtures_dir, rendered):
    """The names whose file on disk differs from (or lacks) the freshly compiled text."""
    fixtures_dir = Path(fixtures_dir)
    return [
        name
        for name, text in sorted(rendered.items())
        if not (fixtures_dir / name).is_file() or (fixtures_dir / name).read_text(encoding="utf-8") != text
    ]


def write(fixtures_dir, rendered):
    """Write the files that changed (each replaced atomically); return their names."""
    fixtures_dir = Path(fixtures_dir)
    changed = stale_files(fixtures_dir, rendered)
    for name in changed:
        temporary = fixtures_dir / f".{name}.tmp"
        temporary.write_text(rendered[name], encoding="utf-8")
        os.replace(temporary, fixtures_dir / name)
    return changed
