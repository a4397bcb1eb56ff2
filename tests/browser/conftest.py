"""Browser tests run in Debian's headless Chromium. Without it they skip on a developer
machine and fail under CI=true, so CI can never pass with them silently missing."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from headless import chromium, chromium_path

from tests.conftest import in_ci


def _missing(reason: str) -> None:
    if in_ci():
        pytest.fail(f"CI=true and {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    try:
        import playwright  # noqa: F401
    except ImportError:
        _missing("playwright is not installed (pip install playwright; never `playwright install`)")
    if chromium_path() is None:
        _missing("Chromium is not installed (apt-get install -y chromium)")
    with chromium() as opened:
        yield opened
