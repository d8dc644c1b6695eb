"""The rules of fixtures/content/README.md for the lesson part of a topic file.

Every check reports to a FileErrors log; nothing is raised, so one build shows every mistake at once.
"""

import re

from lessons.models import KeyTerm, Lesson, Person, TimelineEvent

SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
ISO_DATE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
MIN_OBJECTIVES, MAX_OBJECTIVES = 3, 5
MIN_KEY_TERMS = 8


def max_length(model, field_name):
    return model._meta.get_field(field_name).max_length


def item_label(section, entry, index):
    slug = entry.get("slug") if isinstance(entry, dict) else None
    return f"{section}[{slug if isinstance(slug, str) and slug else index + 1}]"


def check_slug(errors, item, data, *, max_len=80):
    slug = errors.text(item, data, "slug", max_length=max_len)
    if slug and not SLUG.match(slug):
        errors.add(item, "slug", f"{slug!r} may hold only letters, digits, hyphens and underscores")
    return slug


def check_unique_slugs(errors, section, entries):
    seen = set()
    for index, entry in enumerate(entries):
        slug = entry.get("slug") if isinstance(entry, dict) else None
        if isinstance(slug, str) and slug:
            if slug in seen:
                errors.add(item_label(section, entry, index), "slug", f"duplicate slug {slug!r} in {section}")
            seen.add(slug)


def check_quote(errors, item, field_name, quote, source):
    """A citation or passage must be found verbatim in the topic's source (white space folded)."""
    if quote and source is not None and not source.contains(quote):
        errors.add(item, field_name, f"is not found verbatim in {source.file}: {quote[:80]!r}")


def entries_of(errors, data, section):
    """The section's entries; each one must be a mapping."""
    entries = errors.items("topic", data, section)
    for index, entry in enumerate(entries):
        if not isinstance(entry, dict):
            errors.add(f"{section}[{index + 1}]", "entry", "must be a mapping of fields")
    return [entry for entry in entries if isinstance(entry, dict)]


def check_lesson(errors, data, source):
    """The lesson fields, objectives, key terms, people, timeline and notes of one topic file."""
    check_slug(errors, "topic", data, max_len=max_length(Lesson, "slug"))
    number = data.get("number")
    if not isinstance(number, int) or isinstance(number, bool) or number <= 0:
        errors.add("topic", "number", "must be a positive whole number (the source's question number)")
    errors.text("topic", data, "title", max_length=max_length(Lesson, "title"))
    errors.text("topic", data, "period", max_length=max_length(Lesson, "period"))
    errors.text("topic", data, "summary")
    errors.text("topic", data, "source")
    if source is not None and not source.paragraphs:
        errors.add("topic", "source", f"{source.file} has a heading but no paragraphs")

    objectives = errors.items("topic", data, "objectives")
    if not MIN_OBJECTIVES <= len(objectives) <= MAX_OBJECTIVES:
        errors.add(
            "topic", "objectives", f"has {len(objectives)}; a topic needs {MIN_OBJECTIVES}–{MAX_OBJECTIVES}"
        )
    for index, objective in enumerate(objectives):
        if not isinstance(objective, str) or not objective.strip():
            errors.add(f"objectives[{index + 1}]", "text", "must be a sentence of text")

    terms = entries_of(errors, data, "key_terms")
    if len(terms) < MIN_KEY_TERMS:
        errors.add("topic", "key_terms", f"has {len(terms)}; a topic needs at least {MIN_KEY_TERMS}")
    for index, entry in enumerate(terms):
        item = item_label("key_terms", entry, index)
        check_slug(errors, item, entry)
        term = errors.text(item, entry, "term", max_length=max_length(KeyTerm, "term"))
        errors.text(item, entry, "definition")
        if term and source is not None and not source.mentions(term):
            errors.add(item, "term", f"{term!r} does not occur in {source.file}")
    check_unique_slugs(errors, "key_terms", terms)

    people = entries_of(errors, data, "people")
    for index, entry in enumerate(people):
        item = item_label("people", entry, index)
        check_slug(errors, item, entry)
        errors.text(item, entry, "name", max_length=max_length(Person, "name"))
        errors.text(item, entry, "role")
        spellings = errors.items(item, entry, "spellings")
        if any(not isinstance(spelling, str) or not spelling.strip() for spelling in spellings):
            errors.add(item, "spellings", "must be a list of names")
        elif len(", ".join(spellings)) > max_length(Person, "other_spellings"):
            errors.add(item, "spellings", "are too long together to store")
    check_unique_slugs(errors, "people", people)

    timeline = entries_of(errors, data, "timeline")
    for index, entry in enumerate(timeline):
        item = item_label("timeline", entry, index)
        check_slug(errors, item, entry)
        date = entry.get("date")
        if not isinstance(date, str) or not ISO_DATE.match(date):
            errors.add(item, "date", f"{date!r} is not a quoted ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        elif len(date) > max_length(TimelineEvent, "date_text"):
            errors.add(item, "date", "is too long")
        errors.text(item, entry, "event")
        check_quote(errors, item, "citation", errors.text(item, entry, "citation"), source)
    check_unique_slugs(errors, "timeline", timeline)

    notes = entries_of(errors, data, "notes")
    for index, entry in enumerate(notes):
        item = item_label("notes", entry, index)
        check_slug(errors, item, entry)
        errors.text(item, entry, "note")
        check_quote(errors, item, "passage", errors.text(item, entry, "passage"), source)
    check_unique_slugs(errors, "notes", notes)
