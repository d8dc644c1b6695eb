"""The source texts are the seed, verbatim, split by topic; every quotation the content makes is in them."""

import re
from pathlib import Path

import pytest
import yaml

from lessons.content.sources import Source

from .conftest import FIXTURES, TOPIC_FILES

SEED = next((FIXTURES / "seed").glob("*.txt"))
SOURCES = sorted((FIXTURES / "sources").glob("*.txt"))
SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")


def sentences(text):
    return [sentence.strip() for sentence in SENTENCE_END.split(text) if sentence.strip()]


def folded(text):
    return " ".join(text.split())


def topic(name):
    data = yaml.safe_load((FIXTURES / "content" / name).read_text(encoding="utf-8"))
    return data, (FIXTURES / "sources" / data["source"]).read_text(encoding="utf-8")


def test_every_sentence_of_the_seed_is_in_the_sources_unchanged():
    """Each sentence of the seed occurs, character for character, in one of the five source files."""
    sources = "\n".join(path.read_text(encoding="utf-8") for path in SOURCES)
    missing = [
        sentence for sentence in sentences(SEED.read_text(encoding="utf-8")) if sentence not in sources
    ]
    assert len(SOURCES) == 5
    assert missing == []


def test_the_sources_add_no_sentence_to_the_seed():
    """Nothing in the source files is ours: every sentence of them comes from the seed."""
    seed = SEED.read_text(encoding="utf-8")
    added = [
        sentence
        for path in SOURCES
        for sentence in sentences(path.read_text(encoding="utf-8"))
        if sentence not in seed
    ]
    assert added == []


def test_the_sources_in_order_are_the_seed():
    """Read one after the other, the five files are the seed (white space aside): nothing lost or moved."""
    joined = " ".join(folded(path.read_text(encoding="utf-8")) for path in SOURCES)
    assert joined == folded(SEED.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_every_question_citation_is_verbatim_in_its_topic_source(name):
    """A question's citation is an exact quote of its own topic's source (white space folded)."""
    data, source = topic(name)
    not_found = [
        entry["slug"] for entry in data["questions"] if folded(entry["citation"]) not in folded(source)
    ]
    assert len(data["questions"]) >= 20
    assert not_found == []


@pytest.mark.parametrize("name", TOPIC_FILES)
def test_every_note_passage_and_timeline_citation_is_verbatim(name):
    """Editor's notes stand beside real passages and timeline events cite the source exactly."""
    data, source = topic(name)
    quotes = [note["passage"] for note in data["notes"]] + [event["citation"] for event in data["timeline"]]
    assert [quote for quote in quotes if folded(quote) not in folded(source)] == []


def test_a_source_splits_into_its_heading_and_anchored_paragraphs():
    """The first line is the heading; blank lines separate paragraphs p1, p2 ..."""
    source = Source.parse("x.txt", "59) Heading.\n\nFirst paragraph.\nstill first.\n\n\nSecond one.\n")
    assert source.heading == "59) Heading."
    assert source.paragraphs == ("First paragraph.\nstill first.", "Second one.")
    assert source.paragraph_anchor("paragraph. still") == "p1"
    assert source.paragraph_anchor("Second") == "p2"


def test_a_quote_running_into_the_next_paragraph_belongs_to_the_one_it_starts_in():
    source = Source.parse("x.txt", "Heading.\n\nEnds here.\n\nStarts there.\n")
    assert source.paragraph_anchor("here. Starts") == "p1"
    assert source.locate("Heading") == "heading"
    assert source.locate("not in it") is None


def test_every_source_file_is_named_by_a_topic():
    """No source file is left out of the course."""
    used = {topic(name)[0]["source"] for name in TOPIC_FILES}
    assert used == {Path(path).name for path in SOURCES}
