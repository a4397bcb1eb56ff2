"""Fault-injection harness shared by tests/faults and scripts/fault_soak.py: a generated
corpus, `kg` run as a real child process (so it can be killed), and full graph dumps.

Corpus: short French articles written here (labelled as such in docs/reliability.md), built
from a few templates over generated company names and a handful of real clusters, cities and
shows, so that many articles touch the same entities and facts: an interrupted write that
left a shared node or fact half-updated would show in the dump.
"""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
CLUSTERS = ["Route des Lasers", "Minalogic", "Aerospace Valley", "Pôle Mer Méditerranée"]
CITIES = ["Bordeaux", "Pessac", "Grenoble", "Toulouse", "Lyon", "Marseille", "Nantes"]
SHOWS = ["salon Laser World of Photonics", "salon Euronaval", "salon Global Industrie"]
SYLLABLES = ["ka", "lo", "ri", "ven", "tor", "mi", "sa", "nex", "bel", "dra", "zan", "pho"]
TEMPLATES = [
    "La société {a}, basée à {city}, a signé un accord de partenariat avec la société {b}.",
    "La société {a} est membre du pôle de compétitivité {cluster}.",
    "La start-up {b}, installée à {city}, expose au {show} sur le stand du pôle {cluster}.",
    "Le pôle de compétitivité {cluster} et la société {a} ont signé une convention de "
    "partenariat en {year}.",
]


def company_names(count: int, rng: random.Random) -> list[str]:
    names: set[str] = set()
    while len(names) < count:
        word = "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 3)))
        names.add(word.capitalize() + rng.choice([" Photonics", " Systèmes", " Technologies"]))
    return sorted(names)


def write_corpus(folder: Path, count: int, *, seed: int = 0) -> list[Path]:
    """`count` articles of three to five sentences in `folder`; returns their paths."""
    rng = random.Random(seed)
    companies = company_names(max(8, count // 3), rng)  # each name recurs in several articles
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number in range(count):
        sentences = []
        for _ in range(rng.randint(3, 5)):
            a, b = rng.sample(companies, 2)
            sentences.append(rng.choice(TEMPLATES).format(
                a=a, b=b, city=rng.choice(CITIES), cluster=rng.choice(CLUSTERS),
                show=rng.choice(SHOWS), year=rng.randint(2015, 2024)))
        path = folder / f"{number:04d}.txt"
        title = f"Actualité industrielle numéro {number}"
        path.write_text(f"Title: {title}\nDate: 2024-03-{1 + number % 28:02d}\n\n"
                        + " ".join(sentences) + "\n", encoding="utf-8")
        paths.append(path)
    return paths


def kg_argv(*args: str) -> list[str]:
    """`kg ARGS` in a fresh interpreter of this environment, importing this checkout."""
    return [sys.executable, "-c", "from graph.cli import main; main()", *args]


def child_env(extra: dict[str, str] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    env.pop("KG_DEBUG", None)
    env.update(extra or {})
    return env


@dataclass
class Outcome:
    returncode: int | None  # None: killed
    stdout: str
    stderr: str


def run_kg(*args: str, env: dict[str, str] | None = None, timeout: float = 600) -> Outcome:
    done = subprocess.run(kg_argv(*args), capture_output=True, text=True, env=child_env(env),
                          timeout=timeout, cwd=ROOT)
    return Outcome(done.returncode, done.stdout, done.stderr)


def kill_after(*args: str, delay: float, env: dict[str, str] | None = None) -> Outcome:
    """Start `kg ARGS`, and SIGKILL it after `delay` seconds unless it ended before."""
    child = subprocess.Popen(kg_argv(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=child_env(env), cwd=ROOT)
    try:
        stdout, stderr = child.communicate(timeout=delay)
        return Outcome(child.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        stdout, stderr = child.communicate()
        return Outcome(None, stdout, stderr)


# --------------------------------------------------------------------------- dumps

def dump(store: Any) -> list[str]:
    """Every node and every relationship with all its properties, one sorted JSON line
    each: two graphs are the same when their dumps are equal."""
    lines = []
    for row in store.read("MATCH (n) RETURN n AS n, labels(n) AS labels"):
        lines.append(json.dumps(["node", _labels(row["labels"]), _props(row["n"])],
                                sort_keys=True, ensure_ascii=False, default=str))
    for row in store.read(
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key) AS s, coalesce(b.id, b.key) AS t, "
        "r AS r, type(r) AS type" if store.engine == "neo4j" else
        "MATCH (a)-[r]->(b) RETURN coalesce(a.id, a.key) AS s, coalesce(b.id, b.key) AS t, "
        "r AS r, label(r) AS type"
    ):
        lines.append(json.dumps(["rel", row["type"], row["s"], row["t"], _props(row["r"])],
                                sort_keys=True, ensure_ascii=False, default=str))
    return sorted(lines)


def _labels(value: Any) -> list[str]:
    return sorted(value) if isinstance(value, list) else [value]


def _props(value: Any) -> dict[str, Any]:
    items = value.items() if isinstance(value, dict) else dict(value).items()
    props = {}
    for key, item in items:
        if key.startswith("_") or item is None:  # a column Ladybug holds null = absent in Neo4j
            continue
        if key in ("path",):  # where the file was read from differs between copies
            continue
        props[key] = sorted(item) if isinstance(item, list) and key != "evidence" else item
    return props


def differences(got: list[str], expected: list[str], limit: int = 6) -> list[str]:
    """A readable summary of two dumps' differences, for assertion messages."""
    missing = sorted(set(expected) - set(got))[:limit]
    extra = sorted(set(got) - set(expected))[:limit]
    return [f"- {line}" for line in missing] + [f"+ {line}" for line in extra]


def wait_until(predicate: Any, timeout: float, step: float = 0.2) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(step)
    return False
