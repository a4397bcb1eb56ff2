"""The text the rules read: web typography made plain, offsets kept into the original.

Real pages put no-break and thin spaces inside names ("Route des\u00a0Lasers"), zero-width
characters and soft hyphens inside words, and curly quotes around everything; spaCy splits on
some of them and the rules' word lists hold plain forms. `plain_text` maps them to what a
reader sees, and `OffsetMap` takes an offset in the plain text back to the original, so
evidence still slices `Article.text`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One character for one character: offsets do not move.
_SAME_LENGTH = str.maketrans({
    **dict.fromkeys("\u00a0\u2007\u202f\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2008"
                    "\u2009\u200a\u205f\u3000", " "),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033", '"'),
    "\u2010": "-", "\u2011": "-",  # hyphen, non-breaking hyphen
    "\u2028": "\n", "\u2029": "\n",  # line and paragraph separators
})
# A newswire's marker glued between a press release's dateline and its first words
# ("PARIS, France--(BUSINESS WIRE)--Kelvor ..."): read as the dash a dateline ends on.
_WIRE_MARKER = re.compile(
    r"-{2}\s*\((?:BUSINESS WIRE|GLOBE NEWSWIRE|PRNewswire|PR Newswire|Marketwired?|"
    r"ACCESSWIRE|EZ Newswire)[^)]{0,40}\)\s*-{2}")


def _as_dash(match: re.Match[str]) -> str:
    length = len(match.group())
    before = (length - 1) // 2
    return " " * before + "\u2013" + " " * (length - 1 - before)


# Characters a reader never sees: dropped, so the words around them join.
_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True)
class OffsetMap:
    """Positions in the original text of each character of the plain text (None: identity)."""

    origin: tuple[int, ...] | None
    length: int  # of the original text

    def start(self, plain_offset: int) -> int:
        if self.origin is None:
            return plain_offset
        return self.origin[plain_offset] if plain_offset < len(self.origin) else self.length

    def end(self, plain_offset: int) -> int:
        """Where a span ending at `plain_offset` (exclusive) ends in the original."""
        if self.origin is None or plain_offset == 0:
            return plain_offset
        return self.origin[plain_offset - 1] + 1


def plain_text(text: str) -> tuple[str, OffsetMap]:
    """The text with typographic spaces, quotes and hyphens made plain and invisible
    characters dropped, and the map back to `text`."""
    translated = _WIRE_MARKER.sub(_as_dash, text.translate(_SAME_LENGTH))
    if not any(ch in _INVISIBLE for ch in translated):
        return translated, OffsetMap(None, len(text))
    kept = [i for i, ch in enumerate(translated) if ch not in _INVISIBLE]
    return "".join(translated[i] for i in kept), OffsetMap(tuple(kept), len(text))
