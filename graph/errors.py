"""One root error; the CLI turns each into a one-line message and an exit status."""

from __future__ import annotations


class KgError(Exception):
    """Anything the user can act on. The message says what is wrong and what to do."""


class BadInput(KgError):
    """An article file that cannot be read or holds no usable text."""

    def __init__(self, path: str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = path
        self.problem = problem


class StoreUnavailable(KgError):
    """The graph database cannot be reached or opened."""


class WriteRefused(KgError):
    """A write was attempted through a read-only query path."""


class UnknownQuery(KgError):
    """No canned query has that name."""


class BadParameter(KgError):
    """A query parameter is missing, unknown or of the wrong type."""
