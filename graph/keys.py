"""Deterministic keys: entity ids and the case- and accent-insensitive lookup key of a name."""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_SPACES = re.compile(r"\s+")


def fold(text: str) -> str:
    """Lower case, accents stripped, typographic quotes made plain, spaces collapsed."""
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    stripped = stripped.replace("\u2019", "'").replace("\u2018", "'").replace("\u0153", "oe")
    return _SPACES.sub(" ", stripped.casefold()).strip()


def lookup_key(name: str) -> str:
    """The key a name is found by: folded, punctuation and spaces dropped ("Amplitude-Systèmes"
    and "amplitude systemes" share one key)."""
    return _NON_ALNUM.sub("", fold(name))


def slug(name: str) -> str:
    return _NON_ALNUM.sub("-", fold(name)).strip("-") or "x"


def entity_id(entity_type: str, name: str) -> str:
    """Stable node id, unique per label: `company:amplitude-systemes`."""
    return f"{entity_type.lower()}:{slug(name)}"


def search_keys(name: str, aliases: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Every lookup key of an entity, stored on the node so queries match any alias."""
    keys = {lookup_key(n) for n in (name, *aliases)}
    keys.discard("")
    return sorted(keys)
