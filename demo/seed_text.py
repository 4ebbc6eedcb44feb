"""The municipality's documents the demo is built from (seeds/), read back as text a test can compare the demo with.

The documents are OCR'd PDFs: Danish letters come out as look-alikes ("gnsker" for "ønsker", "pa" for "på"), a
two-column layout comes out interleaved line by line, and words are split at line ends. `read` undoes that, in this
order, with tables the caller states: words split at a line's end are joined, the layout is repaired (on the text
with its whitespace collapsed), each OCR'd word is replaced by the word on the page, and the document's own slips
are corrected (each said where it is made). `normalise` then makes typography alike on both sides (whitespace,
quotes, a spaced dash), so what remains to compare is the words.
"""

import re
from pathlib import Path

SEEDS = Path(__file__).parent / "seeds"

# A token's leading and trailing punctuation, kept around the word the OCR table replaces.
_TOKEN = re.compile(r"(?P<lead>[(“\"]*)(?P<word>.*?)(?P<trail>[.,:;)”\"]*)", re.S)


def normalise(text: str) -> str:
    text = str(text).replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')
    text = re.sub(r"\s[-–—]\s", " – ", f" {text} ")  # "dagtilbud - og", "praksis — både": one dash
    return " ".join(text.split())


def read(name: str, *, layout=(), words=None, slips=()) -> str:
    """The document as one normalised line of text.

    layout: (OCR text, the same words in reading order), applied to the text with whitespace collapsed.
    words: OCR'd word -> the word on the page ("" drops an artefact such as a stray bullet).
    slips: (the document's words, corrected), applied after the OCR fixes.
    Every layout repair and slip must match, so a table cannot go stale unnoticed.
    """
    text = (SEEDS / name).read_text(encoding="utf-8")
    # "her-\nefter" is one word; "Børne-\nog Skoleudvalget" keeps its hyphen.
    text = re.sub(r"(\w)-[ \t]*\n\s*(?!og\b|eller\b)(?=\w)", r"\1", text)
    text = " ".join(text.split())
    for ocr, repaired in layout:
        assert ocr in text, f"layout repair no longer matches: {ocr!r}"
        text = text.replace(ocr, repaired, 1)
    words = words or {}
    tokens = []
    for token in text.split(" "):
        parts = _TOKEN.fullmatch(token)
        word = words.get(parts["word"], parts["word"])
        tokens.append(f"{parts['lead']}{word}{parts['trail']}" if word else "")
    text = " ".join(t for t in tokens if t)
    for slip, corrected in slips:
        assert slip in text, f"slip no longer found: {slip!r}"
        text = text.replace(slip, corrected)
    return normalise(text)


def remove_once(text: str, part: str) -> str:
    """`text` without the first occurrence of `part` (both normalised); AssertionError naming it when absent."""
    part = normalise(part)
    assert part in text, f"not in the document: {part!r}"
    return normalise(text.replace(part, " ", 1))
