"""Streaming serialisers: one subject block in, its text out, nothing kept.

rdflib defines every term and does the escaping (`URIRef.n3()` validates IRIs, `Literal.n3()`
escapes Turtle strings, rdflib's N-Triples serialiser quotes N-Triples literals); the writers
only decide the layout, so they never hold more than one block. JSON-LD goes through
`json.dumps` and RDF/XML through the standard library's `XMLGenerator`, both of which do
their format's escaping.
"""

from __future__ import annotations

import json
import re
from abc import ABC, abstractmethod
from typing import Any, TextIO
from xml.sax.saxutils import XMLGenerator, escape

from rdflib import RDF, Literal, URIRef
from rdflib.plugins.serializers.nt import _quoteLiteral
from rdflib.term import Node

from graph.errors import KgError
from graph.rdf import vocab as V
from graph.rdf.triples import Block

FORMATS = ("turtle", "nt", "jsonld", "xml")
EXTENSIONS = {"turtle": ".ttl", "nt": ".nt", "jsonld": ".jsonld", "xml": ".rdf"}
RDFLIB_FORMATS = {"turtle": "turtle", "nt": "nt", "jsonld": "json-ld", "xml": "xml"}


class Writer(ABC):
    def __init__(self, out: TextIO) -> None:
        self.out = out

    def begin(self) -> None:  # noqa: B027  (most formats have no header)
        """Write what comes before the first block."""

    @abstractmethod
    def block(self, block: Block) -> None: ...

    def end(self) -> None:  # noqa: B027
        """Write what comes after the last block."""


class NTriplesWriter(Writer):
    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self._predicates: dict[URIRef, str] = {}

    def block(self, block: Block) -> None:
        subject = block.subject.n3()
        lines = [f"{subject} {self._predicate(p)} {_nt_object(o)} .\n" for p, o in block.pairs]
        self.out.write("".join(lines))

    def _predicate(self, predicate: URIRef) -> str:
        # Predicates are a small closed set: validate and format each once.
        found = self._predicates.get(predicate)
        if found is None:
            found = self._predicates[predicate] = predicate.n3()
        return found


def _nt_object(term: Node) -> str:
    if isinstance(term, Literal):
        return _quoteLiteral(term)  # rdflib's N-Triples quoting: one line, escapes \n \r " \
    return term.n3()


class TurtleWriter(Writer):
    """Prefixes, then one subject block per node: predicates grouped, objects comma-joined."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self._manager = V.namespace_manager()
        self._qnames: dict[URIRef, str] = {RDF.type: "a"}
        for classes in (*V.CLASSES.values(), V.ARTICLE_CLASSES, V.FACT_CLASSES,
                        V.EVIDENCE_CLASSES, tuple(V.RELATIONS.values())):  # fmt: skip
            for cls in classes:
                self._qnames[cls] = cls.n3(self._manager)

    def begin(self) -> None:
        self.out.write("".join(f"@prefix {p}: <{ns}> .\n" for p, ns in V.PREFIXES.items()) + "\n")

    def block(self, block: Block) -> None:
        grouped: dict[URIRef, list[str]] = {}
        for predicate, obj in block.pairs:
            grouped.setdefault(predicate, []).append(self._object(obj))
        body = " ;\n    ".join(f"{self._qname(p)} {', '.join(objs)}" for p, objs in grouped.items())
        self.out.write(f"{block.subject.n3()}\n    {body} .\n\n")

    def _qname(self, predicate: URIRef) -> str:
        found = self._qnames.get(predicate)
        if found is None:
            found = self._qnames[predicate] = predicate.n3(self._manager)
        return found

    def _object(self, term: Node) -> str:
        if isinstance(term, Literal):
            # What Literal.n3(namespace_manager) writes, minus its per-call prefix lookup of
            # the datatype: rdflib's own Turtle string escaping, the datatype's cached qname.
            quoted = term._quote_encode()
            if term.language:
                return f"{quoted}@{term.language}"
            if term.datatype:
                return f"{quoted}^^{self._qname(term.datatype)}"
            return quoted
        return self._qnames.get(term) or term.n3()  # type: ignore[arg-type,call-overload]


class JsonLdWriter(Writer):
    """A JSON-LD document `{"@context": prefixes, "@graph": [node, ...]}`, one node per block."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self._manager = V.namespace_manager()
        self._first = True
        self._compact: dict[URIRef, str] = {}

    def begin(self) -> None:
        context = {p: str(ns) for p, ns in V.PREFIXES.items()}
        self.out.write('{"@context": ' + json.dumps(context) + ',\n"@graph": [\n')

    def block(self, block: Block) -> None:
        node: dict[str, Any] = {"@id": str(block.subject)}
        types = [self._curie(o) for p, o in block.pairs if p == RDF.type]  # type: ignore[arg-type]
        if types:
            node["@type"] = types
        for predicate, obj in block.pairs:
            if predicate != RDF.type:
                node.setdefault(self._curie(predicate), []).append(self._value(obj))
        self.out.write(("" if self._first else ",\n") + json.dumps(node, ensure_ascii=False))
        self._first = False

    def end(self) -> None:
        self.out.write("\n]}\n")

    def _curie(self, iri: URIRef) -> str:
        found = self._compact.get(iri)
        if found is None:
            found = self._compact[iri] = self._manager.normalizeUri(iri)
        return found

    def _value(self, term: Node) -> dict[str, str]:
        if isinstance(term, Literal):
            if term.language:
                return {"@value": str(term), "@language": term.language}
            if term.datatype:
                return {"@value": str(term), "@type": self._curie(term.datatype)}
            return {"@value": str(term)}
        return {"@id": str(term)}


# Characters XML 1.0 cannot carry at all, even as character references.
_NOT_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


class _XmlGenerator(XMLGenerator):
    """Escapes a carriage return as a character reference too: XML parsers read a raw CR
    back as a line feed, and a literal must survive verbatim."""

    def characters(self, content: str) -> None:
        bad = _NOT_XML.search(content)
        if bad:
            raise KgError(
                f"a literal holds U+{ord(bad.group()):04X}, which XML 1.0 cannot represent: "
                "export with --format turtle or nt"
            )
        self.ignorableWhitespace(escape(content, {"\r": "&#13;"}))


class RdfXmlWriter(Writer):
    """Flat RDF/XML: one rdf:Description per block, written by the standard XMLGenerator."""

    def __init__(self, out: TextIO) -> None:
        super().__init__(out)
        self._xml = _XmlGenerator(out, encoding="utf-8", short_empty_elements=True)
        self._split: dict[URIRef, tuple[str, str]] = {}

    def begin(self) -> None:
        self._xml.startDocument()
        for prefix, namespace in V.PREFIXES.items():
            self._xml.startPrefixMapping(prefix, str(namespace))
        self._xml.startElementNS((str(RDF), "RDF"), "rdf:RDF", {})
        self.out.write("\n")

    def block(self, block: Block) -> None:
        xml = self._xml
        about = {(str(RDF), "about"): str(block.subject)}
        xml.startElementNS((str(RDF), "Description"), None, about)
        for predicate, obj in block.pairs:
            name = self._qname(predicate)
            if isinstance(obj, Literal):
                attrs = {}
                if obj.language:
                    attrs[("http://www.w3.org/XML/1998/namespace", "lang")] = obj.language
                elif obj.datatype:
                    attrs[(str(RDF), "datatype")] = str(obj.datatype)
                xml.startElementNS(name, None, attrs)
                xml.characters(str(obj))
            else:
                obj.n3()  # rdflib's IRI validation, as in the other formats
                xml.startElementNS(name, None, {(str(RDF), "resource"): str(obj)})
            xml.endElementNS(name, None)
        xml.endElementNS((str(RDF), "Description"), None)
        self.out.write("\n")

    def end(self) -> None:
        self._xml.endElementNS((str(RDF), "RDF"), "rdf:RDF")
        for prefix in V.PREFIXES:
            self._xml.endPrefixMapping(prefix)
        self._xml.endDocument()
        self.out.write("\n")

    def _qname(self, predicate: URIRef) -> tuple[str, str]:
        found = self._split.get(predicate)
        if found is None:
            for namespace in V.PREFIXES.values():
                local = predicate[len(namespace) :]
                if predicate.startswith(namespace) and local.isidentifier():
                    found = (str(namespace), local)
                    break
            else:
                raise ValueError(f"no RDF/XML element name for {predicate}")
            self._split[predicate] = found
        return found


WRITERS: dict[str, type[Writer]] = {
    "turtle": TurtleWriter,
    "nt": NTriplesWriter,
    "jsonld": JsonLdWriter,
    "xml": RdfXmlWriter,
}
