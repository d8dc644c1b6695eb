"""Reading the authored YAML files of fixtures/content/ (errors, not exceptions, for broken files)."""

from pathlib import Path

import yaml

TOPIC_PATTERN = "[0-9][0-9]-*.yaml"
# libyaml's safe loader when PyYAML was built with it (ten times faster), else the pure-Python one.
SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
FINAL_EXAM = "final-exam.yaml"


def read_yaml(path, errors):
    """The parsed mapping of one file, or None with an error naming the file (and the line) when broken."""
    path = Path(path)
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=SafeLoader)  # noqa: S506 - a safe loader
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "file"
        errors.add(path.name, where, "yaml", f"is not valid YAML: {getattr(error, 'problem', error)}")
        return None
    except (OSError, UnicodeDecodeError) as error:
        errors.add(path.name, "file", "file", f"cannot be read: {error}")
        return None
    if not isinstance(data, dict):
        errors.add(path.name, "file", "file", "must be a mapping of fields (slug, title, ...)")
        return None
    return data


def topic_files(content_dir):
    """The topic files in their order (by the number that starts each name)."""
    return sorted(Path(content_dir).glob(TOPIC_PATTERN))
