"""The verbatim source texts: one heading line, then paragraphs separated by blank lines."""

import re
from dataclasses import dataclass
from pathlib import Path

WHITESPACE = re.compile(r"\s+")
BLANK_LINES = re.compile(r"\n[ \t]*\n")


def fold(text):
    """Runs of white space as one space: how citations are compared with the source."""
    return WHITESPACE.sub(" ", text).strip()


@dataclass(frozen=True)
class Source:
    file: str
    heading: str
    paragraphs: tuple  # texts; paragraph n (from 1) has the anchor "p<n>"

    @classmethod
    def parse(cls, file, text):
        blocks = [block.strip() for block in BLANK_LINES.split(text.replace("\r\n", "\n"))]
        blocks = [block for block in blocks if block]
        if not blocks:
            return cls(file, "", ())
        return cls(file, blocks[0], tuple(blocks[1:]))

    @classmethod
    def read(cls, path):
        path = Path(path)
        return cls.parse(path.name, path.read_text(encoding="utf-8"))

    @staticmethod
    def anchor(index):
        """The anchor of the paragraph at `index` (from 0): p1, p2 ..."""
        return f"p{index + 1}"

    def contains(self, quote):
        return self.locate(quote) is not None

    def locate(self, quote):
        """Where the quote starts: a paragraph index (from 0), "heading", or None when it is not verbatim.

        As the README says, the quote is compared with the whole file, white space folded, so a citation
        may run on from one paragraph into the next; it belongs to the paragraph it starts in.
        """
        folded = fold(quote)
        if not folded:
            return None
        found = self.folded_text.find(folded)
        if found < 0:
            return None
        where = "heading"
        for index, start in enumerate(self.paragraph_starts):
            if found >= start:
                where = index
        return where

    @property
    def folded_text(self):
        return " ".join(fold(block) for block in (self.heading, *self.paragraphs))

    @property
    def paragraph_starts(self):
        """Offsets in folded_text where each paragraph begins."""
        starts, offset = [], len(fold(self.heading)) + 1
        for paragraph in self.paragraphs:
            starts.append(offset)
            offset += len(fold(paragraph)) + 1
        return starts

    def paragraph_anchor(self, quote):
        """The anchor of the paragraph that holds the quote, or None (in the heading, or not found)."""
        where = self.locate(quote)
        return self.anchor(where) if isinstance(where, int) else None

    def mentions(self, term):
        """Whether the term occurs anywhere in the source, ignoring case."""
        folded = fold(term).casefold()
        return bool(folded) and folded in self.folded_text.casefold()
