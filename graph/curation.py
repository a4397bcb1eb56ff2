"""The analyst's curation decisions: one reviewable file, parsed here, applied to article graphs.

The file (default `data/curation.tsv`, `--curation PATH` or `KG_CURATION`) holds one decision
per line, tab-separated, with an optional last cell starting with `#` as a note (who, why):

    merge    Company:Amplitude       Company:Amplitude Systèmes   # jd: same firm
    alias    Cluster:Route des Lasers    ALPHA-RLH|Alpha Route des Lasers
    rename   Company:Edit-Laser      Edit Laser
    retype   City:Gironde            Region
    drop     Company:Pavillon France
    reject   Cluster:IVEA            PARTNERS_WITH    Lab:WNLO
    assert   Company:Edit Laser      PARTNERS_WITH    Lab:WNLO     # seen at the show
    split    Company:Alpha           article:204_x    Company:Alpha Innovation

An entity is written `Type:Name` (an id such as `company:edit-laser` reads the same way). A
decision acts on the entities of that type whose id or name matches (case, accents and
punctuation ignored). Renames, retypes and merges move the entity to the id of its new type
and name; the old id stays as a redirect (`former_ids`). Lines of the former merge file
(`TYPE<TAB>NAME<TAB>ALIAS|ALIAS`) still read, as `alias` decisions.

Decisions apply in file order to each resolved article graph before it is written
(`Curation.apply`), so ingesting with a decision and applying it later to a stored graph give
the same graph. Asserted facts form one graph of their own, the analyst's (`analyst_graph`),
whose source is the pseudo-article ANALYST_ARTICLE_ID: queries, the viz and RDF provenance
show the analyst as their source. A file with one bad line raises CurationError naming the
line, before anything is applied.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

from graph.errors import KgError
from graph.gazetteer import lookup_place
from graph.keys import entity_id, lookup_key
from graph.model import (
    ENTITY_TYPES,
    PLACE_TYPES,
    RELATION_TYPES,
    SYMMETRIC_RELATIONS,
    Article,
    ArticleGraph,
    Entity,
    Evidence,
    Relation,
)
from graph.schema import allowed, label_of

DEFAULT_CURATION = Path(__file__).resolve().parent.parent / "data" / "curation.tsv"
ANALYST_ARTICLE_ID = "analyst:curation"
ANALYST_TITLE = "Analyst's decisions (curation file)"
ANALYST_CONFIDENCE = 1.0
ACTIONS = ("merge", "alias", "rename", "retype", "drop", "reject", "assert", "split")
USAGE = {
    "merge": "merge<TAB>Type:Name<TAB>Type:Into",
    "alias": "alias<TAB>Type:Name<TAB>Alias|Alias",
    "rename": "rename<TAB>Type:Name<TAB>New name",
    "retype": "retype<TAB>Type:Name<TAB>NewType",
    "drop": "drop<TAB>Type:Name",
    "reject": "reject<TAB>Type:Name<TAB>RELATION<TAB>Type:Name",
    "assert": "assert<TAB>Type:Name<TAB>RELATION<TAB>Type:Name",
    "split": "split<TAB>Type:Name<TAB>ARTICLE-ID<TAB>[Type:]New name",
}
_TYPES = {t.lower(): t for t in ENTITY_TYPES}


class CurationError(KgError):
    """The curation file, or a decision given on the command line, cannot be used."""


def curation_path(given: Path | None = None) -> Path:
    """The curation file: the one given, else $KG_CURATION, else data/curation.tsv."""
    if given is not None:
        return given
    env = os.environ.get("KG_CURATION")
    return Path(env) if env else DEFAULT_CURATION


# --------------------------------------------------------------------------- references


@dataclass(frozen=True)
class Ref:
    """An entity as a decision names it: a type and a name (or the rest of an id)."""

    type: str
    name: str

    @property
    def id(self) -> str:
        return entity_id(self.type, self.name)

    @property
    def key(self) -> str:
        return lookup_key(self.name)

    def matches(self, entity: Entity) -> bool:
        return entity.type == self.type and (
            entity.id == self.id or lookup_key(entity.name) == self.key
        )

    def __str__(self) -> str:
        return f"{self.type}:{self.name}"


def parse_ref(text: str) -> Ref:
    """`Type:Name` (or an id, `company:edit-laser`) -> Ref; ValueError says what is wrong."""
    kind, sep, name = text.strip().partition(":")
    etype = _TYPES.get(kind.strip().lower())
    if not sep or etype is None:
        raise ValueError(
            f"{text.strip()!r} is not Type:Name (Type one of {', '.join(ENTITY_TYPES)})"
        )
    if not lookup_key(name):
        raise ValueError(f"{text.strip()!r} has no name after {kind}:")
    return Ref(etype, name.strip())


def parse_type(text: str) -> str:
    etype = _TYPES.get(text.strip().lower())
    if etype is None:
        raise ValueError(f"{text.strip()!r} is not a type ({', '.join(ENTITY_TYPES)})")
    return etype


def parse_relation(text: str) -> str:
    rel = text.strip().upper()
    if rel not in RELATION_TYPES:
        raise ValueError(f"{text.strip()!r} is not a relation ({', '.join(RELATION_TYPES)})")
    return rel


# --------------------------------------------------------------------------- decisions


@dataclass(frozen=True)
class Decision:
    """One line of the file. `subject` is what it acts on; the other fields per action."""

    action: str
    subject: Ref
    target: Ref | None = None  # merge: into; reject/assert: the other end; split: new entity
    relation: str | None = None  # reject / assert
    name: str | None = None  # rename: the new name
    new_type: str | None = None  # retype
    article: str | None = None  # split: the article whose mentions move
    aliases: tuple[str, ...] = ()  # alias
    note: str = ""
    line: int = 0

    def to_line(self) -> str:
        """The decision as one line of the file."""
        cells = [self.action, str(self.subject)]
        if self.action == "merge":
            cells.append(str(self.target))
        elif self.action == "alias":
            cells.append("|".join(self.aliases))
        elif self.action == "rename":
            cells.append(str(self.name))
        elif self.action == "retype":
            cells.append(str(self.new_type))
        elif self.action in ("reject", "assert"):
            cells += [str(self.relation), str(self.target)]
        elif self.action == "split":
            cells += [str(self.article), str(self.target)]
        if self.note:
            cells.append(f"# {self.note}")
        return "\t".join(cells)

    def describe(self) -> str:
        return self.to_line().replace("\t", " ")

    def refs(self) -> list[Ref]:
        """Every entity the decision names, before and after it applies."""
        found = [self.subject]
        if self.target is not None:
            found.append(self.target)
        if self.action == "rename" and self.name:
            found.append(Ref(self.subject.type, self.name))
        if self.action == "retype" and self.new_type:
            found.append(Ref(self.new_type, self.subject.name))
        found += [Ref(self.subject.type, alias) for alias in self.aliases]
        return found

    def expanded(self) -> list[Decision]:
        """`alias` is shorthand for one merge per alias; every other decision is itself."""
        if self.action != "alias":
            return [self]
        return [
            replace(
                self,
                action="merge",
                subject=Ref(self.subject.type, alias),
                target=self.subject,
                aliases=(),
            )
            for alias in self.aliases
            if lookup_key(alias) != self.subject.key
        ]


def parse_line(cells: Sequence[str], *, line: int = 0) -> Decision:
    """One decision from its cells (without the note); ValueError says what is wrong."""
    cells = [c.strip() for c in cells]
    while cells and not cells[-1]:
        cells.pop()
    note = ""
    if cells and cells[-1].startswith("#"):
        note = cells.pop().lstrip("#").strip()
    if not cells:
        raise ValueError("empty decision")
    head = cells[0].lower()
    if head in _TYPES and len(cells) in (2, 3):  # a line of the former merge file
        aliases = tuple(a.strip() for a in (cells[2] if len(cells) > 2 else "").split("|"))
        return Decision(
            "alias",
            parse_ref(f"{cells[0]}:{cells[1]}"),
            aliases=tuple(a for a in aliases if a),
            note=note,
            line=line,
        )
    if head not in ACTIONS:
        raise ValueError(f"unknown decision {cells[0]!r} (one of {', '.join(ACTIONS)})")
    args = cells[1:]
    expected = USAGE[head].count("<TAB>")
    if len(args) != expected:
        raise ValueError(f"{head} takes {expected} cell(s) after it: {USAGE[head]}")
    subject = parse_ref(args[0])
    if head == "merge":
        target = parse_ref(args[1])
        check_merge(subject, target)
        return Decision(head, subject, target=target, note=note, line=line)
    if head == "alias":
        aliases = tuple(a.strip() for a in args[1].split("|") if a.strip())
        if not aliases:
            raise ValueError("alias needs at least one alias: " + USAGE[head])
        return Decision(head, subject, aliases=aliases, note=note, line=line)
    if head == "rename":
        if not lookup_key(args[1]):
            raise ValueError("rename needs a new name")
        return Decision(head, subject, name=args[1], note=note, line=line)
    if head == "retype":
        return Decision(head, subject, new_type=parse_type(args[1]), note=note, line=line)
    if head == "drop":
        return Decision(head, subject, note=note, line=line)
    if head in ("reject", "assert"):
        relation, target = parse_relation(args[1]), parse_ref(args[2])
        if not allowed(relation, subject.type, target.type):
            raise ValueError(f"{relation} cannot link a {subject.type} to a {target.type}")
        return Decision(head, subject, target=target, relation=relation, note=note, line=line)
    # split
    article = args[1] if ":" in args[1] else f"article:{args[1]}"
    new = parse_ref(args[2]) if looks_typed(args[2]) else Ref(subject.type, args[2])
    return Decision(head, subject, target=new, article=article, note=note, line=line)


def check_merge(subject: Ref, target: Ref) -> None:
    if subject.type != target.type:
        raise ValueError(
            f"cannot merge {subject} (a {subject.type}) into {target} (a {target.type}): "
            f"retype one first, e.g. `retype\t{subject}\t{target.type}`"
        )


def looks_typed(text: str) -> bool:
    kind, sep, _ = text.partition(":")
    return bool(sep) and kind.strip().lower() in _TYPES


def parse_text(text: str, source: str) -> list[Decision]:
    """Every decision of a file's text; the first bad line raises CurationError."""
    decisions = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip() or raw.lstrip().startswith("#"):
            continue
        try:
            decisions.append(parse_line(raw.split("\t"), line=number))
        except ValueError as exc:
            raise CurationError(f"{source}:{number}: {exc}") from None
    return decisions


# --------------------------------------------------------------------------- the file


@dataclass
class Curation:
    """The decisions of one file, in order, and what applying them did."""

    decisions: list[Decision] = field(default_factory=list)
    path: Path | None = None
    matched: set[int] = field(default_factory=set)  # indexes of decisions that acted

    @classmethod
    def load(cls, path: Path | None = None, *, extra: Iterable[Path] = ()) -> Curation:
        """The file at `path` (or the default; a missing default is an empty curation), then
        the decisions of each `extra` file (the former --merges file)."""
        chosen = curation_path(path)
        decisions: list[Decision] = []
        for source in (chosen, *extra):
            if not source.exists():
                if source is chosen and path is None:
                    continue
                raise CurationError(f"{source}: no such curation file")
            try:
                text = source.read_text(encoding="utf-8")
            except (OSError, UnicodeDecodeError) as exc:
                raise CurationError(f"{source}: cannot read the curation file ({exc})") from None
            decisions += parse_text(text, str(source))
        return cls(decisions, chosen)

    @property
    def fingerprint(self) -> str:
        """What the decisions that act on articles say (assertions aside: they make the
        analyst's own graph), so an article curated under other decisions is known."""
        lines = [d.to_line() for d in self.decisions if d.action != "assert"]
        return hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()

    @property
    def steps(self) -> list[tuple[int, Decision]]:
        """(index in `decisions`, decision) with `alias` lines expanded into merges."""
        return [(i, step) for i, d in enumerate(self.decisions) for step in d.expanded()]

    def unmatched(self) -> list[Decision]:
        """Decisions that acted on nothing since the last reset of `matched`."""
        return [d for i, d in enumerate(self.decisions) if i not in self.matched]

    # ---- applying to one article graph -----------------------------------------------------
    def apply(self, graph: ArticleGraph) -> ArticleGraph:
        """The article graph with every decision applied in order (assertions excepted: they
        form the analyst's own graph)."""
        entities = {e.id: e for e in graph.entities}
        relations = list(graph.relations)
        for index, step in self.steps:
            if step.action == "assert":
                continue
            acted, moves = _APPLY[step.action](step, graph.article.id, entities, relations)
            if acted:
                self.matched.add(index)
                relations = _remap(relations, moves)
        relations = [r for r in relations if r.source in entities and r.target in entities]
        return replace(graph, entities=tuple(entities.values()), relations=tuple(relations))

    def redirects(self) -> dict[str, str]:
        """Former id -> current id, for every rename, retype and merge, chains followed."""
        moves: dict[str, str] = {}
        for _, step in self.steps:
            new = _new_ref(step)
            if new is not None and new.id != step.subject.id:
                moves[step.subject.id] = new.id
        resolved: dict[str, str] = {}
        for old in moves:
            current, seen = old, {old}
            while current in moves and moves[current] not in seen:
                current = moves[current]
                seen.add(current)
            if current != old:
                resolved[old] = current
        return resolved

    # ---- the analyst's own graph -----------------------------------------------------------
    def assertions(self) -> list[tuple[int, Decision]]:
        return [(i, d) for i, d in self.steps if d.action == "assert"]

    def analyst_graph(self, known: dict[str, Entity]) -> ArticleGraph | None:
        """The facts the analyst asserts, as the graph of the pseudo-article
        ANALYST_ARTICLE_ID, curated like any other; None when there are none. `known`: the
        stored entities of the ids the assertions name (their stored names are kept)."""
        asserted = self.assertions()
        if not asserted:
            return None
        lines, entities, relations = [], {}, []
        offset = 0
        for index, step in asserted:
            assert step.target is not None and step.relation is not None
            self.matched.add(index)
            for ref in (step.subject, step.target):
                stored = known.get(ref.id)  # keep a stored entity's name as it is
                entities.setdefault(
                    ref.id, Entity(ref.id, ref.type, stored.name if stored else ref.name)
                )
            sentence = f"Asserted by the analyst: {step.subject} {step.relation} {step.target}"
            if step.note:
                sentence += f" ({step.note})"
            evidence = Evidence(sentence, offset, offset + len(sentence))
            relations.append(
                Relation(
                    step.relation, step.subject.id, step.target.id, (evidence,), ANALYST_CONFIDENCE
                )
            )
            lines.append(sentence)
            offset += len(sentence) + 1
        article = Article(ANALYST_ARTICLE_ID, ANALYST_TITLE, "\n".join(lines))
        graph = ArticleGraph(article, tuple(entities.values()), tuple(relations))
        return self.apply(graph)

    def decisions_about(self, entity: Entity, former_ids: Iterable[str] = ()) -> list[Decision]:
        """The decisions that name this entity (by id, name, alias or former id)."""
        ids = {entity.id, *former_ids}
        keys = {lookup_key(n) for n in (entity.name, *entity.aliases)}
        return [
            d
            for d in self.decisions
            if any(r.id in ids or (r.type == entity.type and r.key in keys) for r in d.refs())
        ]


def append_decision(path: Path, decision: Decision) -> int:
    """Append one decision to the file (created with a header if missing); its line number."""
    header = (
        "# kg curation decisions: one per line, tab-separated; a last cell starting with #\n"
        "# is a note. Format and examples: docs/curation.md\n"
    )
    text = path.read_text(encoding="utf-8") if path.exists() else header
    if text and not text.endswith("\n"):
        text += "\n"
    text += decision.to_line() + "\n"
    path.parent.mkdir(parents=True, exist_ok=True)
    parse_text(text, str(path))  # never write a file that would not read back
    path.write_text(text, encoding="utf-8")
    return text.count("\n")


# --------------------------------------------------------------------------- the actions

Entities = dict[str, Entity]
Moves = dict[str, str | None]  # entity id -> its new id, or None when it leaves the graph
Acted = tuple[bool, Moves]  # whether the decision acted, and the entities it moved


def _new_ref(step: Decision) -> Ref | None:
    if step.action == "merge":
        return step.target
    if step.action == "rename" and step.name:
        return Ref(step.subject.type, step.name)
    if step.action == "retype" and step.new_type:
        return Ref(step.new_type, step.subject.name)
    return None


def _matching(ref: Ref, entities: Entities) -> list[Entity]:
    return [e for e in entities.values() if ref.matches(e)]


def _move(entities: Entities, entity: Entity, new: Entity) -> Moves:
    """Replace `entity` by `new`, folding it into an entity already holding new's id."""
    del entities[entity.id]
    present = entities.get(new.id)
    if present is not None:
        new = _with_aliases(present, (new.name, *new.aliases))
    entities[new.id] = new
    return {entity.id: new.id}


def _with_aliases(entity: Entity, names: Iterable[str]) -> Entity:
    own = {lookup_key(entity.name)}
    aliases = list(entity.aliases)
    seen = own | {lookup_key(a) for a in aliases}
    for name in names:
        if lookup_key(name) and lookup_key(name) not in seen:
            aliases.append(name)
            seen.add(lookup_key(name))
    return replace(entity, aliases=tuple(aliases))


def _merge(step: Decision, _: str, entities: Entities, __: list[Relation]) -> Acted:
    assert step.target is not None
    moves: Moves = {}
    for entity in _matching(step.subject, entities):
        if step.target.matches(entity):
            continue
        into = Entity(
            step.target.id,
            entity.type,
            step.target.name,
            (),
            entity.wikidata,
            entity.country,
            entity.lat,
            entity.lon,
        )
        moves |= _move(entities, entity, _with_aliases(into, (entity.name, *entity.aliases)))
    return bool(moves), moves


def _rename(step: Decision, _: str, entities: Entities, __: list[Relation]) -> Acted:
    assert step.name is not None
    moves: Moves = {}
    for entity in _matching(step.subject, entities):
        renamed = Entity(
            entity_id(entity.type, step.name),
            entity.type,
            step.name,
            (),
            entity.wikidata,
            entity.country,
            entity.lat,
            entity.lon,
        )
        if renamed.id == entity.id and renamed.name == entity.name:
            continue
        moves |= _move(entities, entity, _with_aliases(renamed, (entity.name, *entity.aliases)))
    return bool(moves), moves


def _retype(step: Decision, _: str, entities: Entities, __: list[Relation]) -> Acted:
    assert step.new_type is not None
    moves: Moves = {}
    for entity in _matching(step.subject, entities):
        retyped = replace(entity, id=entity_id(step.new_type, entity.name), type=step.new_type)
        if step.new_type in PLACE_TYPES:  # a place found in the gazetteer gets its coordinates
            place = lookup_place(entity.name)
            known = place is not None and place.type == step.new_type
            retyped = replace(
                retyped,
                country=place.country if known else None,
                lat=place.lat if known else None,
                lon=place.lon if known else None,
            )
        else:
            retyped = replace(retyped, country=None, lat=None, lon=None)
        moves |= _move(entities, entity, retyped)
    return bool(moves), moves


def _drop(step: Decision, _: str, entities: Entities, __: list[Relation]) -> Acted:
    moves: Moves = {}
    for entity in _matching(step.subject, entities):
        del entities[entity.id]
        moves[entity.id] = None
    return bool(moves), moves


def _reject(step: Decision, _: str, entities: Entities, relations: list[Relation]) -> Acted:
    assert step.target is not None
    ends = [(step.subject, step.target)]
    if step.relation in SYMMETRIC_RELATIONS:
        ends.append((step.target, step.subject))
    kept = []
    acted = False
    for rel in relations:
        source, target = entities.get(rel.source), entities.get(rel.target)
        if (
            rel.type == step.relation
            and source is not None
            and target is not None
            and any(a.matches(source) and b.matches(target) for a, b in ends)
        ):
            acted = True
            continue
        kept.append(rel)
    relations[:] = kept
    return acted, {}


def _split(step: Decision, article_id: str, entities: Entities, __: list[Relation]) -> Acted:
    assert step.target is not None
    if article_id != step.article:
        return False, {}
    moves: Moves = {}
    for entity in _matching(step.subject, entities):
        new = Entity(step.target.id, step.target.type, step.target.name)
        moves |= _move(entities, entity, new)
    return bool(moves), moves


_APPLY = {
    "merge": _merge,
    "rename": _rename,
    "retype": _retype,
    "drop": _drop,
    "reject": _reject,
    "split": _split,
}


def _remap(relations: list[Relation], moves: Moves) -> list[Relation]:
    """Relations re-pointed after entities moved: those of removed entities go, two facts
    that now coincide become one (evidence kept), self-loops and disallowed ends drop."""
    merged: dict[tuple[str, str, str], Relation] = {}
    for rel in relations:
        source = moves.get(rel.source, rel.source)
        target = moves.get(rel.target, rel.target)
        if source is None or target is None or source == target:
            continue
        if not allowed(rel.type, label_of(source), label_of(target)):
            continue
        moved = replace(rel, source=source, target=target)
        old = merged.get(moved.key())
        if old is None:
            merged[moved.key()] = moved
            continue
        evidence = old.evidence + tuple(e for e in moved.evidence if e not in old.evidence)
        merged[moved.key()] = replace(
            old,
            evidence=evidence,
            confidence=max(old.confidence, moved.confidence),
            year=old.year or moved.year,
            year_source=old.year_source or moved.year_source,
        )
    return list(merged.values())
