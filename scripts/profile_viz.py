"""Where a page's first paint goes: main-thread CPU from navigation start to its kg-drawn mark.

    python scripts/bench_viz.py --sizes 1000 --loads 1 --keep /tmp/viz
    python scripts/profile_viz.py /tmp/viz/bench-1000.html /tmp/viz/styled-1000.html

Each page is loaded --loads times in headless Chromium (tests/browser/headless.py) under a
DevTools trace; the renderer main thread's CPU time (the trace's thread durations, so less
sensitive to other sessions' load than wall time) is summed by kind of work up to the
kg-drawn mark, and the median per kind printed. Pages from bench_viz's --keep folder carry
the mark (the page itself, and its floors "styled" and "bare"). "ThreadControllerImpl::
RunTask" is work the trace does not name (receiving the file's bytes among it); it varies
from load to load by 100 ms and more, so compare the named kinds, over several loads.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "tests" / "browser"))

from headless import chromium  # noqa: E402

CATEGORIES = ["devtools.timeline", "blink.user_timing", "toplevel", "v8.execute"]


def trace_load(browser: Any, page_path: Path, trace_path: Path) -> list[dict]:
    """The trace events of one load, up to the page being drawn."""
    context = browser.new_context(viewport={"width": 1400, "height": 900})
    page = context.new_page()
    browser.start_tracing(page=page, path=str(trace_path), categories=CATEGORIES)
    page.goto(page_path.resolve().as_uri())
    page.wait_for_selector(
        "html[data-kg-drawn='1'], html[data-kg-ready='1']", state="attached", timeout=120_000
    )
    browser.stop_tracing()
    context.close()
    return json.loads(trace_path.read_text())["traceEvents"]


def kind(event: dict, parent: str | None) -> str:
    """A readable name for a slice of work: scripts by their first line in the page."""
    data = event.get("args", {}).get("data")
    line = data.get("startLine", data.get("lineNumber")) if isinstance(data, dict) else None
    name = event["name"] + (f" (line {line})" if line is not None else "")
    return f"{parent} > {name}" if parent else name


def cpu_by_kind(events: list[dict]) -> tuple[Counter[str], float]:
    """Self CPU time (ms) per kind of work on the main thread, navigation start to the end of
    the frame callback that drew (the kg-drawn mark), and the wall time to the mark."""
    threads = {
        (e["pid"], e["tid"]) for e in events if e.get("args", {}).get("name") == "CrRendererMain"
    }
    start = min(e["ts"] for e in events if e.get("name") == "navigationStart")
    drawn = max(e["ts"] for e in events if e.get("name") in ("kg-drawn", "kg-ready"))
    totals: Counter[str] = Counter()
    for thread in threads:
        slices = sorted(
            (
                e
                for e in events
                if (e["pid"], e["tid"]) == thread
                and e.get("ph") == "X"
                and "dur" in e
                and start <= e["ts"] <= drawn
            ),
            key=lambda e: (e["ts"], -e["dur"]),
        )
        limit = drawn
        stack: list[dict] = []
        for event in slices:
            while stack and event["ts"] >= stack[-1]["ts"] + stack[-1]["dur"]:
                stack.pop()
            named = [s["name"] for s in stack if "RunTask" not in s["name"]]
            event["_kind"] = kind(event, named[-1] if named else None)
            event["_children"] = 0
            if stack:
                stack[-1]["_children"] += event.get("tdur", event["dur"])
            if len(stack) == 1 and event["ts"] + event["dur"] > drawn:  # the drawing callback
                limit = event["ts"] + event["dur"]
            stack.append(event)
        for event in slices:
            if event["ts"] + event["dur"] <= limit:  # not the work that follows in that task
                self_us = event.get("tdur", event["dur"]) - event["_children"]
                totals[event["_kind"]] += self_us / 1000
    return totals, (drawn - start) / 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pages", type=Path, nargs="+", help="pages marking kg-drawn")
    parser.add_argument("--loads", type=int, default=3)
    parser.add_argument("--top", type=int, default=12, help="kinds of work shown per page")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, chromium() as browser:
        for page_path in args.pages:
            runs = [
                cpu_by_kind(trace_load(browser, page_path, Path(tmp) / f"trace-{i}.json"))
                for i in range(max(1, args.loads))
            ]
            kinds = set().union(*(totals for totals, _ in runs))
            median = {k: statistics.median(t.get(k, 0.0) for t, _ in runs) for k in kinds}
            wall = statistics.median(w for _, w in runs)
            print(
                f"{page_path.name}: main-thread CPU to first paint {sum(median.values()):.0f} ms"
                f" (wall {wall:.0f} ms), median of {len(runs)} loads"
            )
            for name, ms in sorted(median.items(), key=lambda kv: -kv[1])[: args.top]:
                print(f"  {ms:7.1f} ms  {name}")


if __name__ == "__main__":
    main()
