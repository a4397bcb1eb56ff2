"""Debian's Chromium, headless, with no way to reach the network, driven by Playwright.

Used by the browser tests and by scripts/bench_viz.py and scripts/screenshot_seed.py. Every
request the page makes is recorded; anything that is not the page's own file is aborted,
and the proxy points nowhere, so a page that tried to reach out fails visibly.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

CHROMIUM = os.environ.get("KG_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",  # we run as root in CI
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--proxy-server=http://127.0.0.1:9",  # discard port: nothing can leave
    "--proxy-bypass-list=<-loopback>",
]


def chromium_path() -> str | None:
    """The Chromium binary, or None when it is not installed."""
    if Path(CHROMIUM).exists():
        return CHROMIUM
    return shutil.which("chromium")


@dataclass
class LoadedPage:
    page: Any  # playwright.sync_api.Page
    url: str
    requests: list[str] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    ready_seconds: float = 0.0  # navigation start to the page's own "drawn and at rest" mark
    # navigation start to the page's first frame with the nodes drawn (its "kg-drawn"
    # performance mark, on the browser's clock); None if the page sets no such mark
    drawn_seconds: float | None = None

    def outside_requests(self) -> list[str]:
        return [url for url in self.requests if url != self.url]


@contextmanager
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (playwright.sync_api.Browser)."""
    from playwright.sync_api import sync_playwright

    executable = chromium_path()
    if executable is None:
        raise RuntimeError(f"Chromium not found at {CHROMIUM}: apt-get install -y chromium")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def open_page(
    browser: Any,
    path: Path,
    *,
    width: int = 1400,
    height: int = 900,
    timeout_ms: float = 60_000,
    until: str = "ready",
) -> LoadedPage:
    """Open a local HTML file in a fresh context and wait until the network is at rest
    (its data-kg-ready attribute), or only drawn (`until="drawn"`, data-kg-drawn)."""
    context = browser.new_context(viewport={"width": width, "height": height})
    page = context.new_page()
    loaded = LoadedPage(page=page, url=path.resolve().as_uri())
    page.on("request", lambda request: loaded.requests.append(request.url))
    page.on(
        "console",
        lambda msg: loaded.console_errors.append(msg.text) if msg.type == "error" else None,
    )
    page.on("pageerror", lambda error: loaded.page_errors.append(str(error)))
    context.route(
        "**/*",
        lambda route: route.continue_() if route.request.url == loaded.url else route.abort(),
    )
    started = time.perf_counter()
    page.goto(loaded.url)
    page.wait_for_selector(f"html[data-kg-{until}='1']", state="attached", timeout=timeout_ms)
    loaded.ready_seconds = time.perf_counter() - started
    # the page's own marks, on the browser's clock, when it sets them: Playwright's polling
    # for the attribute lags by seconds on a loaded machine
    marks = page.evaluate(
        "['kg-drawn', 'kg-ready'].map((name) =>"
        " (performance.getEntriesByName(name)[0] || {startTime: null}).startTime)"
    )
    loaded.drawn_seconds = None if marks[0] is None else marks[0] / 1000
    if marks[1] is not None:
        loaded.ready_seconds = marks[1] / 1000
    return loaded


def dom_point(page: Any, node_id: str) -> tuple[float, float]:
    """Page coordinates of a node's centre."""
    point = page.evaluate(
        """(id) => {
            const net = kgViz.network;
            const p = net.canvasToDOM(net.getPositions([id])[id]);
            const box = document.getElementById('network').getBoundingClientRect();
            return [box.left + p.x, box.top + p.y];
        }""",
        node_id,
    )
    return point[0], point[1]
