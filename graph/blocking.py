"""Blocking keys for fuzzy entity resolution: which known entities a new name is compared with.

Comparing a new name with every entity of its type costs time in proportion to the graph. A
name is compared instead with the entities that share one of its blocks, stored in the graph
as `(:Block {key})-[:BLOCK_OF]->(entity)` (graph.schema). A block is a type and either a word
of the folded name (4+ letters), or a longer word's first or last four letters ("Amplitude
Sytèmes" and "Amplitude Systèmes" share `Company|amplitude`; "Vorelta" and "Vorelte" share
`Company|vore*`). Words of five to eight letters also have a skeleton block, their first and
last two letters ("Mareba" and "Mardeba" share `Cluster|ma~ba`). Two names close enough to merge
(token_sort_ratio >= 92, see graph.resolve) almost always share a block: a single typo leaves
every other word intact, and inside a word it spares its first four letters, its last four
or its skeleton. A block holding more than BLOCK_CAP entities (a word
like "industries") says little about a name and is skipped, which keeps the cost of a lookup
flat however large the graph grows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from graph.keys import fold
from graph.model import ORGANISATION_TYPES

FUZZY_TYPES: tuple[str, ...] = (*ORGANISATION_TYPES, "Event")
BLOCK_CAP = 64  # entities; beyond this a block is too common to narrow anything down
WORD_MIN_LENGTH = 4
PREFIX_LENGTH = 4
SKELETON_MAX_LENGTH = 8  # up to this length a typo can spoil both a word's ends

_WORDS = re.compile(r"[a-z0-9]+")


def is_acronym(name: str) -> bool:
    letters = [c for c in name if c.isalpha()]
    return 2 <= len(letters) <= 10 and all(c.isupper() for c in letters) and " " not in name


def name_blocks(entity_type: str, name: str) -> set[str]:
    """The blocks of one name; none for a type that never merges fuzzily, or an acronym
    (acronyms only merge exactly)."""
    if entity_type not in FUZZY_TYPES or is_acronym(name):
        return set()
    blocks: set[str] = set()
    for word in _WORDS.findall(fold(name)):
        if len(word) < WORD_MIN_LENGTH:
            continue
        blocks.add(f"{entity_type}|{word}")
        if len(word) > PREFIX_LENGTH:
            blocks.add(f"{entity_type}|{word[:PREFIX_LENGTH]}*")
            blocks.add(f"{entity_type}|*{word[-PREFIX_LENGTH:]}")
        if PREFIX_LENGTH < len(word) <= SKELETON_MAX_LENGTH:
            blocks.add(f"{entity_type}|{word[:2]}~{word[-2:]}")
    return blocks


def entity_blocks(entity_type: str, names: Iterable[str]) -> list[str]:
    """Every block of an entity (its name and aliases), sorted: what the store links it to."""
    blocks: set[str] = set()
    for name in names:
        blocks |= name_blocks(entity_type, name)
    return sorted(blocks)
