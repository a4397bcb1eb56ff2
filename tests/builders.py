"""Test data builders shared by the test modules."""

from __future__ import annotations

from graph.keys import entity_id
from graph.model import Entity


def ent(kind: str, name: str, *aliases: str, **extra: object) -> Entity:
    """An entity with the id the pipeline would give it; extra fields by keyword."""
    return Entity(entity_id(kind, name), kind, name, tuple(aliases), **extra)  # type: ignore[arg-type]
