"""Fixture records (Django's serialization format, natural keys, no pks) for the lessons app."""


def lesson_records(data, source):
    """Every record of one validated topic's lesson: the lesson, its paragraphs and its study aids."""
    slug = data["slug"]
    lesson = [slug]
    records = [
        record(
            "lessons.lesson",
            slug=slug,
            number=data["number"],
            title=text(data["title"]),
            period=text(data["period"]),
            heading=source.heading,
            summary=text(data["summary"]),
        )
    ]
    records += [
        record("lessons.paragraph", lesson=lesson, slug=source.anchor(index), position=index + 1, text=body)
        for index, body in enumerate(source.paragraphs)
    ]
    records += [
        record("lessons.objective", lesson=lesson, slug=f"o{index + 1}", position=index + 1, text=text(body))
        for index, body in enumerate(data.get("objectives") or [])
    ]
    records += [
        record(
            "lessons.keyterm",
            lesson=lesson,
            slug=entry["slug"],
            position=index + 1,
            term=text(entry["term"]),
            definition=text(entry["definition"]),
        )
        for index, entry in enumerate(data.get("key_terms") or [])
    ]
    records += [
        record(
            "lessons.person",
            lesson=lesson,
            slug=entry["slug"],
            position=index + 1,
            name=text(entry["name"]),
            other_spellings=", ".join(text(spelling) for spelling in entry.get("spellings") or []),
            role=text(entry["role"]),
        )
        for index, entry in enumerate(data.get("people") or [])
    ]
    records += [
        record(
            "lessons.timelineevent",
            lesson=lesson,
            slug=entry["slug"],
            position=index + 1,
            date_text=entry["date"],
            event=text(entry["event"]),
            citation=text(entry["citation"]),
        )
        for index, entry in enumerate(data.get("timeline") or [])
    ]
    records += [
        record(
            "lessons.editornote",
            lesson=lesson,
            slug=entry["slug"],
            position=index + 1,
            passage=text(entry["passage"]),
            note=text(entry["note"]),
            paragraph=paragraph_key(slug, source, entry["passage"]),
        )
        for index, entry in enumerate(data.get("notes") or [])
    ]
    return records


def paragraph_key(lesson_slug, source, quote):
    """The natural key of the paragraph that holds the quote (None when it stands in the heading)."""
    anchor = source.paragraph_anchor(quote)
    return [lesson_slug, anchor] if anchor else None


def record(model, **fields):
    return {"model": model, "fields": fields}


def text(value):
    return str(value).strip()
