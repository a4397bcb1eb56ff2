#!/usr/bin/env python3
"""Start-up and stop times of the local Neo4j (scripts/neo4j_local.py), with and without
the class-data archive (AppCDS). Prints each round, the medians and their ratio.

    python scripts/neo4j/bench_startup.py [ROUNDS]     # default 3 rounds per mode

Figures depend on what else the machine is doing; `uptime` is printed alongside.
"""

from __future__ import annotations

import dataclasses
import importlib.util
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType


def load_neo4j_local() -> ModuleType:
    path = Path(__file__).resolve().parents[1] / "neo4j_local.py"
    spec = importlib.util.spec_from_file_location("neo4j_local", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["neo4j_local"] = module  # dataclasses look their module up by name
    spec.loader.exec_module(module)
    return module


def one_round(local: ModuleType, settings: object) -> tuple[float, float]:
    """Seconds from launch to ready (as neo4j_local reports it) and to stopped."""
    server, process = local.start_server(settings, attached=True)
    began = time.monotonic()
    local.shut_down(server, lambda: process.poll() is not None)
    return server.startup_seconds, time.monotonic() - began


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 3
    local = load_neo4j_local()
    settings = local.Settings.from_env()
    print(f"Neo4j {settings.version}, load average {os.getloadavg()[0]:.1f}")
    archive = local.class_archive(settings, local.java_executable())
    if archive is not None and not archive.exists():
        start, stop = one_round(local, settings)
        print(f"first run, dumping the class archive: start {start:.1f} s, stop {stop:.1f} s")
    medians = {}
    for label, sharing in (("without CDS", False), ("with CDS", True)):
        mode = dataclasses.replace(settings, class_sharing=sharing)
        times = [one_round(local, mode) for _ in range(rounds)]
        starts = [start for start, _ in times]
        medians[label] = statistics.median(starts)
        print(
            f"{label:12} start {', '.join(f'{s:.1f}' for s in starts)} s "
            f"(median {medians[label]:.1f} s); stop median "
            f"{statistics.median(stop for _, stop in times):.1f} s"
        )
    ratio = medians["without CDS"] / medians["with CDS"]
    print(f"start-up ratio without/with CDS: {ratio:.2f}x")
    print(f"load average now {os.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
