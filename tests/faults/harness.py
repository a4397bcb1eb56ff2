"""Fault-injection harness shared by tests/faults and scripts/fault_soak.py: a generated
corpus, `kg` run as a real child process (so it can be killed), and full graph dumps.

Corpus: short French articles written here (labelled as such in docs/reliability.md), built
from a few templates over generated company names and a handful of real clusters, cities and
shows, so that many articles touch the same entities and facts: an interrupted write that
left a shared node or fact half-updated would show in the dump.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
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
        sentences = [_sentence(rng, *rng.sample(companies, 2))
                     for _ in range(rng.randint(3, 5))]
        paths.append(_write_article(folder / f"{number:04d}.txt", number, sentences))
    return paths


def write_spelling_corpora(
    folder: Path, count: int, *, seed: int = 0
) -> tuple[list[Path], list[Path]]:
    """Two corpora of `count` articles each in `folder` (files `a-*.txt` and `b-*.txt`),
    about the same `2 * count` companies: the first names each by one spelling, the second
    by another one letter longer ("Kalotor Photonics", "Kalottor Photonics"), which entity
    resolution merges by fuzzy matching alone (no key, alias or gazetteer entry joins them).
    Every company is in both, and no two companies are near enough to merge."""
    rng = random.Random(seed)
    companies = distinct_company_names(2 * count, rng)
    spellings = (companies, [misspelt(name) for name in companies])
    folder.mkdir(parents=True, exist_ok=True)
    corpora: tuple[list[Path], list[Path]] = ([], [])
    for side, (prefix, names) in enumerate(zip("ab", spellings, strict=True)):
        for number in range(count):
            # a partnership of companies 2n and 2n+1 first: each company in both corpora
            sentences = [_sentence(rng, names[2 * number], names[2 * number + 1], TEMPLATES[0])]
            for _ in range(rng.randint(1, 3)):
                sentences.append(_sentence(rng, *rng.sample(names, 2)))
            path = folder / f"{prefix}-{number:04d}.txt"
            corpora[side].append(_write_article(path, side * count + number, sentences))
    return corpora


def distinct_company_names(count: int, rng: random.Random) -> list[str]:
    """`count` generated company names such that no spelling of one (its own or misspelt)
    comes near a spelling of another: the only merges are each name with its misspelling."""
    from rapidfuzz import fuzz

    from graph.keys import fold
    from graph.resolve import FUZZY_CUTOFF

    names: list[str] = []
    taken: list[str] = []  # the folded spellings of the names kept
    while len(names) < count:
        name = company_names(1, rng)[0]
        mine = [fold(name), fold(misspelt(name))]
        # what the corpora rely on: the two spellings of a name merge, fuzzily only
        assert fuzz.token_sort_ratio(*mine) >= FUZZY_CUTOFF, name
        if all(fuzz.token_sort_ratio(s, t) < FUZZY_CUTOFF - 10 for s in mine for t in taken):
            names.append(name)
            taken += mine
    return names


def misspelt(name: str) -> str:
    """The name with the last letter of its first word doubled."""
    first, _, rest = name.partition(" ")
    return f"{first}{first[-1]} {rest}"


def _sentence(rng: random.Random, a: str, b: str, template: str | None = None) -> str:
    return (template or rng.choice(TEMPLATES)).format(
        a=a, b=b, city=rng.choice(CITIES), cluster=rng.choice(CLUSTERS),
        show=rng.choice(SHOWS), year=rng.randint(2015, 2024))


def _write_article(path: Path, number: int, sentences: list[str]) -> Path:
    title = f"Actualité industrielle numéro {number}"
    path.write_text(f"Title: {title}\nDate: 2024-03-{1 + number % 28:02d}\n\n"
                    + " ".join(sentences) + "\n", encoding="utf-8")
    return path


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
    """Start `kg ARGS`, and SIGKILL it after `delay` seconds unless it ended before. The
    outcome's returncode is None when the kill is what ended it."""
    child = subprocess.Popen(kg_argv(*args), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=child_env(env), cwd=ROOT, start_new_session=True)
    try:
        stdout, stderr = child.communicate(timeout=delay)
        return Outcome(child.returncode, stdout, stderr)
    except subprocess.TimeoutExpired:
        child.send_signal(signal.SIGKILL)
        # its extraction workers die with it (graph.parallel); the group kill is the
        # harness's own guarantee that no straggler holds the pipes open
        with contextlib.suppress(ProcessLookupError):
            os.killpg(child.pid, signal.SIGKILL)
        stdout, stderr = child.communicate(timeout=60)
        # it may have ended by itself between the timeout and the signal
        killed = child.returncode == -signal.SIGKILL
        return Outcome(None if killed else child.returncode, stdout, stderr)


@dataclass(frozen=True)
class Timing:
    """How long `kg ingest` of a corpus takes here, measured in the same session: the kill
    moments are drawn within the run they interrupt, not after it ended."""

    startup: float  # a run with nothing left to write: interpreter, models, database checks
    full: float  # the uninterrupted run into an empty database

    def expected(self, stored: int, total: int) -> float:
        """How long a run lasts that finds `stored` of the `total` articles written."""
        left = max(0, total - stored) / max(1, total)
        return self.startup + max(0.0, self.full - self.startup) * left


def measure_timing(corpus: Path, db: Path, options: tuple[str, ...] = ()) -> Timing:
    """Ingest `corpus` into the empty `db` (the uninterrupted run), then again (nothing left
    to write): the two durations. `options`: more `kg ingest` options."""
    durations = []
    for _ in range(2):
        started = time.monotonic()
        done = run_kg("ingest", "-q", *options, "--db", str(db), str(corpus))
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
        durations.append(time.monotonic() - started)
    return Timing(startup=durations[1], full=durations[0])


@dataclass
class KilledRun:
    kills: int = 0  # SIGKILLs that ended a running `kg ingest`
    missed: int = 0  # moments drawn after the run had ended by itself (it ran through)
    writing: int = 0  # kills after which more articles were stored than before the run
    opens: int = 0  # times the database opened (and read back whole) after a kill
    tracebacks: int = 0
    moments: list[float] = field(default_factory=list)  # kill moment / expected run length


def kill_until_done(
    corpus: Path, db: Path, *, timing: Timing, total: int, most: int, rng: random.Random,
    check: Any, options: tuple[str, ...] = (),
) -> KilledRun:
    """Run `kg ingest CORPUS` again and again, SIGKILLing each run at a moment drawn within
    its expected length (`timing`, scaled to the articles still to write), until a run ends
    by itself or `most` runs were killed (then one last run is let finish). A kill that left
    no more articles written than before raises the floor of the next draw to its moment
    (the next run follows the same course up to there), so the kills move on into the
    writes instead of landing again and again while the models load. `check(db)` opens the
    database after each kill and returns how many articles it holds written."""
    result = KilledRun()
    stored, floor = 0, 0.2
    while True:
        expected = timing.expected(stored, total)
        ceiling = 0.95 * expected
        delay = rng.uniform(min(floor, ceiling), ceiling) if result.kills < most else 10**6
        outcome = kill_after("ingest", "-q", *options, "--db", str(db), str(corpus),
                             delay=delay)
        result.tracebacks += "Traceback" in outcome.stderr
        if outcome.returncode is not None:
            assert outcome.returncode == 0, outcome.stderr
            result.missed += delay < 10**6
            return result
        result.kills += 1
        result.moments.append(delay / expected)
        if db.exists():
            now = check(db)
            result.opens += 1
            result.writing += now > stored
            floor = 0.2 if now > stored else delay
            stored = now


# --------------------------------------------------------------------------- Neo4j stop/start


@dataclass
class Neo4jProcess:
    """The local server of scripts/neo4j_local.py, stopped and started again on the same data
    and port: what a server restart looks like to a client."""

    state_file: Path

    def _state(self) -> dict[str, Any]:
        return json.loads(self.state_file.read_text())

    def stop(self) -> None:
        pid = self._state()["pid"]
        proc = Path(f"/proc/{pid}")
        self._argv = (proc / "cmdline").read_bytes().rstrip(b"\0").split(b"\0")
        self._env = dict(item.split(b"=", 1) for item in
                         (proc / "environ").read_bytes().split(b"\0") if b"=" in item)
        self._cwd = os.readlink(proc / "cwd")
        os.kill(pid, signal.SIGTERM)
        wait_until(lambda: not proc.exists() or _zombie(proc), timeout=120)

    def start(self, port: int, timeout: float = 300) -> None:
        console = open(Path(self._cwd) / "logs" / "console-restart.log", "wb")  # noqa: SIM115
        child = subprocess.Popen(self._argv, cwd=self._cwd, env=self._env, stdout=console,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                 start_new_session=True)
        state = self._state() | {"pid": child.pid}
        self.state_file.write_text(json.dumps(state, indent=2))  # `stop` finds the new one
        assert wait_until(lambda: _bolt_answers(port), timeout=timeout), "Neo4j did not restart"


def _zombie(proc: Path) -> bool:
    try:
        return (proc / "stat").read_text().rsplit(")", 1)[1].split()[0] == "Z"
    except OSError:
        return True


def _bolt_answers(port: int) -> bool:
    import socket

    proposals = bytes.fromhex("6060b017" + "00040405" + "00000404" + "00000000" + "00000000")
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=2) as conn:
            conn.sendall(proposals)
            return len(conn.recv(4)) == 4
    except OSError:
        return False


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
        "properties(r) AS r, type(r) AS type" if store.engine == "neo4j" else
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


def written_articles(lines: list[str]) -> int:
    """How many articles of a dump are written whole (their content hash set last)."""
    return sum(
        1 for line in lines
        if line.startswith('["node", ["Article"]') and "content_hash" in json.loads(line)[2]
    )
