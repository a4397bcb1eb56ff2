"""The catalogue of canned Cypher queries in `queries/`: parse, list, validate, run read-only.

Each `queries/NAME.cypher` starts with a `//` header (name, description, parameters with
type, default and help, mode) followed by Cypher both engines accept. Where the dialects
truly differ, `queries/<engine>/NAME.cypher` overrides the body for that engine; the choice
is a file lookup, never a branch on the engine in this module.

Where one engine cannot answer a query fast in Cypher, its override may name a Python
function instead (`// python: graph.query_functions:connection_path`): it takes the store and
the bound parameters and returns the same rows as the override's Cypher, which stays as the
reference (`kg query show`, the tests that compare both).

A body may hold several statements, each ending with `;` at the end of a line. They run in
turn in one read-only transaction, and each passes its columns to the next as list
parameters (a column `ids` becomes `$ids`); the last one's rows are the answer. LadybugDB
needs this where a value computed in a query would otherwise filter too late: as a
parameter, it filters the scan.

    python -m graph.queries --write-readme    # regenerate queries/README.md from the headers
"""

from __future__ import annotations

import csv
import io
import json
import re
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from importlib import import_module
from pathlib import Path
from typing import Any, Protocol

from graph.errors import BadParameter, KgError, UnknownQuery
from graph.keys import fold, lookup_key
from graph.model import ENTITY_TYPES, ORGANISATION_TYPES, PLACE_TYPES
from graph.schema import KEY_LABEL, KEY_OF
from graph.store import GraphStore

QUERIES_DIR = Path(__file__).resolve().parent.parent / "queries"
README_NAME = "README.md"

# type name -> what the user is told it expects, written once here; a parameter's own help
# (its header line) says only what it stands for ("the organisation")
PARAM_TYPES: dict[str, str] = {
    "entity": "a name or alias, case and accents ignored",
    "article": "an article: its id (article:...), file name or path, URL or title",
    "words": "words, case and accents ignored",
    "date": "a date: YYYY, YYYY-MM or YYYY-MM-DD",
    "label": f"an entity type: {', '.join(ENTITY_TYPES)}",
    "int": "a whole number >= 0",
    "float": "a number",
    "string": "text",
}

_HEADER = re.compile(r"^//\s*(?P<key>[a-z_]+)\s*:\s*(?P<value>.*?)\s*$")
_PARAM = re.compile(
    r"^(?P<name>[A-Za-z_]\w*)\s*:\s*(?P<type>[a-z]+)"
    r"(?:\s*=\s*(?P<default>\"[^\"]*\"|\S+))?\s*(?:—|--)\s*(?P<help>.+)$"
)
_DOLLAR = re.compile(r"\$([A-Za-z_]\w*)")
_STEP_END = re.compile(r";[ \t]*$", re.MULTILINE)
_DATE = re.compile(r"\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?")


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    help: str
    default: str | None = None  # raw default text; None = required

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        """What it stands for, then what its type takes: "the organisation: a name or
        alias, case and accents ignored"."""
        return f"{self.help}: {PARAM_TYPES[self.type]}"

    def expects(self) -> str:
        return f"{self.name} ({self.describe()})"

    def signature(self) -> str:
        if self.required:
            return f"{self.name}: {self.type}"
        shown = "optional" if self.default == '""' else f"= {self.default}"
        return f"{self.name}: {self.type} {shown}"


class QueryFunction(Protocol):
    """A canned query answered in Python: the store and the bound parameters in, the rows
    out, as the Cypher of its file would give them."""

    def __call__(
        self, store: GraphStore, params: Mapping[str, Any]
    ) -> list[dict[str, Any]]: ...


@dataclass(frozen=True)
class CannedQuery:
    name: str
    description: str
    params: tuple[Param, ...]
    cypher: str  # canonical body, header stripped
    path: Path
    mode: str = "read"
    overrides: Mapping[str, str] = field(default_factory=dict)  # engine -> body
    functions: Mapping[str, str] = field(default_factory=dict)  # engine -> "module:function"
    function: str = ""  # the `// python:` line of this very file (an override's)

    def function_for(self, engine: str) -> QueryFunction | None:
        """The Python function that answers the query on an engine, if its file names one."""
        target = self.functions.get(engine)
        if target is None:
            return None
        module, _, name = target.partition(":")
        try:
            function: QueryFunction = getattr(import_module(module), name)
        except (ImportError, AttributeError) as exc:
            raise KgError(f"query {self.name!r}: `// python: {target}` names nothing") from exc
        return function

    def cypher_for(self, engine: str) -> str:
        """The body for an engine: its override file when there is one, else the canonical."""
        return self.overrides.get(engine, self.cypher)

    def steps_for(self, engine: str) -> list[str]:
        """The statements of the engine's body, in the order they run."""
        return split_steps(self.cypher_for(engine))

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def bind(self, values: Mapping[str, Any]) -> dict[str, Any]:
        """Validated, typed Cypher parameters; raises BadParameter naming the culprit."""
        unknown = sorted(set(values) - {p.name for p in self.params})
        if unknown:
            takes = ", ".join(p.name for p in self.params) or "no parameters"
            raise BadParameter(
                f"query {self.name!r} has no parameter {unknown[0]!r}; it takes: {takes}"
            )
        bound: dict[str, Any] = {}
        for param in self.params:
            if param.name in values:
                raw = values[param.name]
            elif param.required:
                raise BadParameter(
                    f"query {self.name!r} needs parameter {param.expects()}: "
                    f"pass -p {param.name}=VALUE"
                )
            else:
                raw = _default_value(param)
            bound[param.name] = convert(param, raw, query=self.name)
        return bound


@dataclass(frozen=True)
class QueryResult:
    columns: list[str]
    rows: list[dict[str, Any]]
    hint: str | None = None


# ---- parsing ---------------------------------------------------------------------------------
def parse_query_file(path: Path) -> CannedQuery:
    """Read one `.cypher` file: header lines first, the body after them."""
    lines = path.read_text(encoding="utf-8").splitlines()
    meta: dict[str, str] = {}
    params: list[Param] = []
    body_start = len(lines)
    for index, line in enumerate(lines):
        if not line.startswith("//"):
            body_start = index
            break
        match = _HEADER.match(line)
        if not match:
            continue  # a free comment (why a dialect override exists, for instance)
        key, value = match["key"], match["value"]
        if key == "param":
            params.append(_parse_param(value, path))
        else:
            meta[key] = value
    for key in ("name", "description"):
        if not meta.get(key):
            raise KgError(f"{path}: the header has no `// {key}:` line")
    body = "\n".join(lines[body_start:]).strip()
    if not body:
        raise KgError(f"{path}: no Cypher after the header")
    return CannedQuery(
        name=meta["name"],
        description=meta["description"],
        params=tuple(params),
        cypher=body,
        path=path,
        mode=meta.get("mode", "read"),
        function=meta.get("python", ""),
    )


def _parse_param(text: str, path: Path) -> Param:
    match = _PARAM.match(text)
    if not match:
        raise KgError(
            f"{path}: cannot read `// param: {text}`; write NAME: TYPE [= DEFAULT] — HELP"
        )
    if match["type"] not in PARAM_TYPES:
        raise KgError(
            f"{path}: parameter {match['name']!r} has unknown type {match['type']!r}; "
            f"use one of {', '.join(PARAM_TYPES)}"
        )
    return Param(match["name"], match["type"], match["help"].strip(), match["default"])


def split_steps(cypher: str) -> list[str]:
    """The statements of a body: a `;` ending a line ends one."""
    return [step.strip() for step in _STEP_END.split(cypher) if step.strip()]


def body_parameters(cypher: str) -> set[str]:
    """The `$names` a body uses (comments and string literals aside, which ours lack)."""
    return set(_DOLLAR.findall(cypher))


@cache
def _catalogue(directory: Path) -> dict[str, CannedQuery]:
    queries: dict[str, CannedQuery] = {}
    for path in sorted(directory.glob("*.cypher")):
        query = parse_query_file(path)
        if query.name != path.stem:
            raise KgError(f"{path}: header name {query.name!r} differs from the file name")
        overrides, functions = {}, {}
        for engine_dir in sorted(p for p in directory.iterdir() if p.is_dir()):
            override = engine_dir / path.name
            if override.exists():
                parsed = parse_query_file(override)
                overrides[engine_dir.name] = parsed.cypher
                if parsed.function:
                    functions[engine_dir.name] = parsed.function
        queries[query.name] = CannedQuery(
            query.name,
            query.description,
            query.params,
            query.cypher,
            path,
            query.mode,
            overrides,
            functions,
        )
    return queries


def list_queries(directory: Path = QUERIES_DIR) -> list[CannedQuery]:
    return sorted(_catalogue(directory.resolve()).values(), key=lambda q: q.name)


def get_query(name: str, directory: Path = QUERIES_DIR) -> CannedQuery:
    catalogue = _catalogue(directory.resolve())
    if name in catalogue:
        return catalogue[name]
    raise UnknownQuery(f"no canned query named {name!r}{_query_suggestion(name, catalogue)}")


def _query_suggestion(name: str, catalogue: Mapping[str, CannedQuery]) -> str:
    """The closest query names, or the whole list when none is close (it is short)."""
    from graph.suggest import Candidate, closest, did_you_mean

    close = closest(name, [Candidate(q, q) for q in catalogue], limit=3)
    if close:
        return did_you_mean(close) + " (see `kg query list`)"
    return f"; the canned queries are: {', '.join(sorted(catalogue))}"


# ---- parameters ------------------------------------------------------------------------------
def _default_value(param: Param) -> str:
    assert param.default is not None
    return param.default[1:-1] if param.default.startswith('"') else param.default


def convert(param: Param, raw: Any, *, query: str = "") -> Any:
    """Turn a user value (usually a string from the command line) into the Cypher value."""
    where = f"query {query!r}: " if query else ""
    problem = (
        f"{where}parameter {param.name} expects {PARAM_TYPES[param.type]} "
        f"({param.help}), got {raw!r}"
    )
    if param.type == "int":
        try:
            value = int(str(raw).strip())
        except ValueError:
            raise BadParameter(problem) from None
        if value < 0:
            raise BadParameter(problem)
        return value
    if param.type == "float":
        try:
            return float(str(raw).strip())
        except ValueError:
            raise BadParameter(problem) from None
    text = str(raw)
    if param.type == "entity":
        key = lookup_key(text)
        if not key and (param.required or text.strip()):
            raise BadParameter(problem)
        return key
    if param.type == "label":
        if not text.strip() and not param.required:
            return ""
        wanted = {label.lower(): label for label in ENTITY_TYPES}.get(text.strip().lower())
        if wanted is None:
            raise BadParameter(problem)
        return wanted
    if param.type == "article":
        return article_key(text) if text.strip() else ""
    if param.type == "words":
        return fold(text).split()
    if param.type == "date":
        text = text.strip()
        if text and not _DATE.fullmatch(text):
            raise BadParameter(problem)
        return text
    return text


def article_key(text: str) -> str:
    """`article:ID` from an id, a bare id, a file name or a path."""
    text = text.strip()
    if text.startswith("article:"):
        return text
    return "article:" + Path(text).stem if ("/" in text or "." in text) else "article:" + text


# ---- running ---------------------------------------------------------------------------------
def run_query(
    store: GraphStore,
    name: str,
    params: Mapping[str, Any] | None = None,
    *,
    directory: Path = QUERIES_DIR,
) -> QueryResult:
    """Run a canned query read-only on the store; an empty result explains itself."""
    query = get_query(name, directory)
    bound = resolve_articles(store, query, params or {}, query.bind(params or {}))
    function = query.function_for(store.engine)
    if function is not None:
        rows = function(store, bound)
    else:
        rows = store.read_steps(query.steps_for(store.engine), bound)
    hint = None if rows else _empty_hint(store, query, params or {}, bound)
    return QueryResult(columns=list(rows[0]) if rows else [], rows=rows, hint=hint)


def run_cypher(
    store: GraphStore, cypher: str, params: Mapping[str, Any] | None = None
) -> QueryResult:
    """Run ad hoc Cypher read-only: the engine refuses writes (graph.errors.WriteRefused).
    Several statements chain as in a canned body, so a shown override runs as it is."""
    rows = store.read_steps(split_steps(cypher), dict(params or {}))
    return QueryResult(columns=list(rows[0]) if rows else [], rows=rows)


def resolve_articles(
    store: GraphStore, query: CannedQuery, given: Mapping[str, Any], bound: dict[str, Any]
) -> dict[str, Any]:
    """Bound parameters with each `article` one turned into the id of the article it names:
    an id, a file name or path, a URL or a title (case and accents ignored) all work. A value
    that names no article keeps its id form (the query answers nothing, with a hint); one
    that names several is refused, with their ids."""
    resolved = dict(bound)
    for param in query.params:
        if param.type == "article" and bound.get(param.name):
            found = find_articles(store, str(given.get(param.name, bound[param.name])))
            if len(found) > 1:
                raise BadParameter(
                    f"query {query.name!r}: {param.name}={given.get(param.name)!r} names "
                    f"{len(found)} articles ({', '.join(found[:5])}); pass one of these ids"
                )
            if found:
                resolved[param.name] = found[0]
    return resolved


def find_articles(store: GraphStore, text: str) -> list[str]:
    """The ids of the articles a user's text names: the article of that id if there is one,
    else those whose URL, path, file name (with or without extension) or title it is."""
    text = text.strip()
    if not text:
        return []
    exact = article_key(text) if text.startswith("article:") else "article:" + text
    for candidate in dict.fromkeys((exact, article_key(text))):
        if _article_exists(store, candidate):
            return [candidate]
    wanted = fold(text).replace("\\", "/").rstrip("/")
    name = wanted.rsplit("/", 1)[-1]
    matches: dict[str, list[str]] = {"url": [], "path": [], "file": [], "title": []}
    for row in store.iter_read(
        "MATCH (a:Article) RETURN a.id AS id, a.title AS title, a.url AS url, a.path AS path"
    ):
        if row["url"] and fold(row["url"]).rstrip("/") == wanted:
            matches["url"].append(row["id"])
        if row["path"]:
            path = fold(row["path"]).replace("\\", "/")
            file_name = path.rsplit("/", 1)[-1]
            if path == wanted or wanted.endswith("/" + path) or path.endswith("/" + wanted):
                matches["path"].append(row["id"])
            elif name in (file_name, Path(file_name).stem):
                matches["file"].append(row["id"])
        if row["title"] and fold(row["title"]) == fold(text):
            matches["title"].append(row["id"])
    for kind in ("url", "path", "file", "title"):  # the most specific kind of match wins
        if matches[kind]:
            return sorted(set(matches[kind]))
    return []


def guess_value(raw: str) -> Any:
    """Ad hoc parameters from the command line: integers and numbers typed, the rest text."""
    for kind in (int, float):
        try:
            return kind(raw)
        except ValueError:
            continue
    return raw


def _empty_hint(
    store: GraphStore, query: CannedQuery, given: Mapping[str, Any], bound: Mapping[str, Any]
) -> str | None:
    """Say which named entity or article matched nothing, and what is closest."""
    for param in query.params:
        value = bound.get(param.name)
        if not value:
            continue
        if param.type == "entity" and not _entity_exists(store, value):
            return entity_hint(store, param, str(given.get(param.name, value)))
        if param.type == "article" and not _article_exists(store, value):
            return _no_match(param.name, value, _article_ids(store))
    return None


def _entity_exists(store: GraphStore, key: str) -> bool:
    rows = store.read(
        f"MATCH (:{KEY_LABEL} {{key: $key}})-[:{KEY_OF}]->(n) RETURN n.id AS id LIMIT 1",
        {"key": key},
    )
    return bool(rows)


def _article_exists(store: GraphStore, article_id: str) -> bool:
    return bool(store.read("MATCH (a:Article {id: $id}) RETURN a.id AS id", {"id": article_id}))


# What an entity parameter names, by its name: suggestions of these types come first.
PARAM_ENTITY_TYPES: dict[str, tuple[str, ...]] = {
    "org": ORGANISATION_TYPES,
    "cluster": ("Cluster",),
    "event": ("Event",),
    "place": PLACE_TYPES,
    "country": ("Country",),
}


def entity_hint(store: GraphStore, param: Param, value: str) -> str:
    """Why an entity parameter matched nothing, with the closest entities' names."""
    found = closest_entities(store, value, PARAM_ENTITY_TYPES.get(param.name, ()))
    suggestion = f"; closest: {', '.join(found)}" if found else ""
    return f"nothing in the graph matches {param.name}={value!r}{suggestion}"


def closest_entities(
    store: GraphStore, value: str, types: Sequence[str] = (), limit: int = 5
) -> list[str]:
    """Names of the entities whose name or an alias is closest to `value` (graph.suggest),
    those of `types` first."""
    from graph.suggest import Candidate, closest

    candidates = [
        Candidate(text, entity.name, entity.type)
        for entity in store.entities()
        for text in (entity.name, *entity.aliases)
    ]
    return closest(value, candidates, types=types, limit=limit)


def _article_ids(store: GraphStore) -> dict[str, str]:
    return {row["id"]: row["id"] for row in store.iter_read("MATCH (a:Article) RETURN a.id AS id")}


def _no_match(param: str, value: str, candidates: Mapping[str, str]) -> str:
    from rapidfuzz import fuzz, process, utils

    found = process.extract(
        fold(value),
        {name: fold(name) for name in candidates},
        scorer=fuzz.WRatio,
        processor=utils.default_process,
        limit=10,
        score_cutoff=50,
    )
    closest: list[str] = []
    for _, _, name in found:
        display = candidates[name]
        if display not in closest:
            closest.append(display)
    suggestion = f"; closest: {', '.join(closest[:5])}" if closest else ""
    return f"nothing in the graph matches {param}={value!r}{suggestion}"


# ---- output formats ------------------------------------------------------------------------
FORMATS = ("table", "csv", "json")
_CELL_WIDTH = 70  # table cells are cut here; csv and json keep everything


def render(result: QueryResult, fmt: str = "table") -> str:
    """The rows as a text table, CSV (lists joined with "; ") or JSON (a list of objects)."""
    if fmt == "json":
        return json.dumps(result.rows, ensure_ascii=False, indent=2, default=str)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(result.columns)
        writer.writerows([_cell(row[c]) for c in result.columns] for row in result.rows)
        return buffer.getvalue().rstrip("\n")
    if fmt != "table":
        raise BadParameter(f"unknown format {fmt!r}: choose one of {', '.join(FORMATS)}")
    if not result.rows:
        return "(no rows)"
    cells = [[_cut(_cell(row[c])) for c in result.columns] for row in result.rows]
    widths = [max(len(x) for x in column) for column in zip(result.columns, *cells, strict=True)]
    lines = [_line(result.columns, widths), _line(["-" * w for w in widths], widths)]
    lines += [_line(row, widths) for row in cells]
    lines.append(f"({len(result.rows)} row{'s' if len(result.rows) != 1 else ''})")
    return "\n".join(lines)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return " ".join(str(value).split()) if isinstance(value, str) else str(value)


def _cut(text: str) -> str:
    return text if len(text) <= _CELL_WIDTH else text[: _CELL_WIDTH - 1] + "…"


def _line(cells: list[str], widths: list[int]) -> str:
    return "  ".join(c.ljust(w) for c, w in zip(cells, widths, strict=True)).rstrip()


# ---- the catalogue page ----------------------------------------------------------------------
def catalogue_markdown(directory: Path = QUERIES_DIR) -> str:
    """queries/README.md, generated from the headers: never edit it by hand."""
    out = [
        "# Canned queries",
        "",
        "<!-- Generated from the query headers by `python -m graph.queries --write-readme`;"
        " do not edit. -->",
        "",
        "Run one with `kg query run NAME -p param=value ... [--format table|csv|json]`; "
        "`kg query show NAME` prints its Cypher. Entity parameters accept a name or any alias, "
        "case and accents ignored. Files under `ladybug/` override a query's body for the "
        "embedded engine where the Cypher dialects differ.",
        "",
        "| query | what it answers | parameters |",
        "|---|---|---|",
    ]
    queries = list_queries(directory)
    for query in queries:
        params = "<br>".join(f"`{p.signature()}`" for p in query.params) or "—"
        out.append(f"| [`{query.name}`](#{query.name}) | {query.description} | {params} |")
    for query in queries:
        out += ["", f"## {query.name}", "", query.description, ""]
        for param in query.params:
            out.append(f"- `{param.signature()}`: {param.help}")
        if query.params:
            out.append("")
        override = "".join(
            f" (override for {engine}: `{engine}/{query.path.name}`)"
            for engine in sorted(query.overrides)
        )
        answered = "".join(
            f"; on {engine}, answered in Python by `{target}`"
            for engine, target in sorted(query.functions.items())
        )
        out.append(f"File: `{query.path.name}`{override}{answered}")
        example = " ".join(f"-p {p.name}=..." for p in query.params if p.required)
        out += ["", "```sh", f"kg query run {query.name} {example}".rstrip(), "```"]
    return "\n".join(out) + "\n"


def write_readme(directory: Path = QUERIES_DIR) -> Path:
    path = directory / README_NAME
    path.write_text(catalogue_markdown(directory), encoding="utf-8")
    return path


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args == ["--write-readme"]:
        print(write_readme())
        return 0
    print(catalogue_markdown(), end="")
    return 0


if __name__ == "__main__":
    sys.exit(main())
