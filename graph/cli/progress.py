"""Progress bars of long commands: the input counted first, so the bar has a total and an ETA."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

from graph.parallel import BATCH_SIZE, default_workers


def count_articles(paths: Iterable[Path], *, graphs: bool = False) -> int | None:
    """How many articles the paths hold: one per file, one per line of a .jsonl (every line
    of a graphs file); None when a .json file makes it unknown without parsing it."""
    from graph.errors import BadInput
    from graph.load import iter_files

    files = [Path(p) for p in paths] if graphs else [
        f for f in iter_files(paths) if not isinstance(f, BadInput)
    ]
    total = 0
    for path in files:
        suffix = path.suffix.lower()
        if graphs or suffix == ".jsonl":
            try:
                with path.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            except OSError:
                total += 1  # reported as one failure by the reader
        elif suffix == ".json":
            return None
        else:
            total += 1
    return total


def workers_for(requested: int | None, total: int | None) -> int:
    """The requested number of extraction processes, else the machine's cores; never more
    than the input keeps busy (starting a process loads the language models)."""
    workers = requested or default_workers()
    if requested is None and total is not None:
        workers = min(workers, max(1, total // (2 * BATCH_SIZE)))
    return workers


def bar(total: int | None, *, quiet: bool, desc: str) -> Any:
    from tqdm import tqdm

    # disable=None: shown only on a terminal; leave=False: the summary line replaces it
    return tqdm(total=total, unit=" articles", desc=desc, disable=True if quiet else None,
                leave=False, dynamic_ncols=True)
