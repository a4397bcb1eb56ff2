"""Read article files into `Article`s: text, Markdown, HTML, JSON and JSON Lines, folders too.

`iter_articles` never raises for a bad file: it yields a `BadInput` ("PATH: problem") in the
file's place and goes on, so one broken file never stops the rest. Recoverable oddities (a
legacy encoding, an unreadable date, an unsupported language tag) go to a warning handler.

Article ids are stable across edits of the same document (see docs/articles.md):
an explicit `id` field or header wins, then the URL (hashed), then the file stem
(`article:000_f9f87ba7564bb30f`); records of a `.jsonl` / `.json` list without id or URL get the
stem plus their line number / position (`article:feed-3`).
"""

from __future__ import annotations

import codecs
import hashlib
import json
import logging
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from graph.errors import BadInput
from graph.keys import fold
from graph.model import Article

WarningHandler = Callable[[str], None]
"""Receives one line "PATH: what was odd and what was done about it"."""

TEXT_SUFFIXES = (".txt", ".md")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = (*TEXT_SUFFIXES, *HTML_SUFFIXES, ".json", ".jsonl")
GOLD_SUFFIX = ".gold.json"  # evaluation gold files sit beside articles; never articles themselves
SUPPORTED_LANGS = ("fr", "en")
DEFAULT_LANG = "fr"
MIN_WORDS_FOR_DETECTION = 12  # below this langdetect guesses; the corpus is mostly French
DEFAULT_BOILERPLATE = Path(__file__).resolve().parent.parent / "data" / "boilerplate.txt"
# Longer articles are refused with one line: about 300k words, a minute or more of NLP on two
# cores; texts past spaCy's own limit below this are read in pieces (graph.extract.nlp).
MAX_ARTICLE_CHARS = 2_000_000
# A .txt/.md/.html/.json file this large is refused before it is read into memory (a .jsonl
# feed may be larger: each of its records is checked against MAX_ARTICLE_CHARS instead).
MAX_FILE_BYTES = 50_000_000

HEADER_KEYS = frozenset({"title", "date", "published", "url", "lang", "language", "id", "author",
                         "source"})
_HEADER_LINE = re.compile(r"^\s*([A-Za-z][A-Za-z_-]*)\s*:\s*(.*?)\s*$")
_BLANK_RUNS = re.compile(r"\n{3,}")
_MD_HEADING = re.compile(r"^#{1,6}[ \t]+", re.MULTILINE)
_MD_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_ID_UNSAFE = re.compile(r"[^\w.-]+", re.ASCII)
_LANG_NAMES = {"french": "fr", "francais": "fr", "english": "en", "anglais": "en"}
_BOMS = ((codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
         (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16"))

log = logging.getLogger(__name__)


# --------------------------------------------------------------------------- boilerplate


@dataclass(frozen=True)
class Boilerplate:
    """Site boilerplate lines, matched case- and accent-insensitively on the whole line."""

    exact: frozenset[str] = frozenset()
    prefixes: tuple[str, ...] = ()

    @classmethod
    def from_file(cls, path: Path = DEFAULT_BOILERPLATE) -> Boilerplate:
        exact: set[str] = set()
        prefixes: list[str] = []
        for raw in path.read_text(encoding="utf-8").splitlines():
            phrase = raw.strip()
            if not phrase or phrase.startswith("#"):
                continue
            if phrase.endswith("*"):
                prefixes.append(fold(phrase[:-1]).strip())
            else:
                exact.add(fold(phrase))
        return cls(frozenset(exact), tuple(prefixes))

    def matches(self, line: str) -> bool:
        key = fold(line)
        return bool(key) and (key in self.exact or key.startswith(self.prefixes))


def clean_body(text: str, boilerplate: Boilerplate) -> str:
    """Drop boilerplate lines, trailing spaces and runs of blank lines (paragraphs stay)."""
    lines = [line.rstrip() for line in text.split("\n") if not boilerplate.matches(line)]
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


# --------------------------------------------------------------------------- public API


def iter_articles(
    paths: Iterable[str | Path],
    *,
    on_warning: WarningHandler | None = None,
    boilerplate: Boilerplate | None = None,
) -> Iterator[Article | BadInput]:
    """Yield one `Article` per document found under `paths` (files or folders, recursively,
    in sorted order), or a `BadInput` in place of each file or record that cannot be read."""
    warn = on_warning or log.warning
    rules = boilerplate if boilerplate is not None else Boilerplate.from_file()
    for item in iter_files(paths):
        if isinstance(item, BadInput):
            yield item
        else:
            yield from load_file(item, on_warning=warn, boilerplate=rules)


def iter_files(paths: Iterable[str | Path]) -> Iterator[Path | BadInput]:
    """Article files under `paths`: files as given, folders walked recursively in sorted order,
    skipping hidden entries, `*.gold.json` and files of other types."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = False
            for item in _walk(path):
                found = True
                yield item
            if not found:
                yield BadInput(str(given), _no_article_here(path))
        elif path.is_file():
            yield path
        else:
            yield BadInput(str(given), "no such file or directory")


def _walk(folder: Path) -> Iterator[Path]:
    found = []
    for path in folder.rglob("*"):
        relative = path.relative_to(folder)
        if any(part.startswith(".") for part in relative.parts) or not path.is_file():
            continue
        if _is_article_file(path):
            found.append(relative)
    for relative in sorted(found, key=lambda p: p.as_posix()):
        yield folder / relative


def _no_article_here(folder: Path) -> str:
    """Why a folder gave nothing: what it holds instead, so the user knows what to convert."""
    skipped = Counter(
        p.suffix.lower() or "(no extension)"
        for p in folder.rglob("*")
        if p.is_file() and not any(x.startswith(".") for x in p.relative_to(folder).parts)
    )
    holds = (
        "it holds " + ", ".join(f"{n} {suffix}" for suffix, n in skipped.most_common(3))
        + (" files" if sum(skipped.values()) > 1 else " file")
        if skipped
        else "it is empty"
    )
    return f"no article file here ({', '.join(SUPPORTED_SUFFIXES)}); {holds}"


def _is_article_file(path: Path) -> bool:
    name = path.name.lower()
    return name.endswith(SUPPORTED_SUFFIXES) and not name.endswith(GOLD_SUFFIX)


def load_file(
    path: Path,
    *,
    on_warning: WarningHandler | None = None,
    boilerplate: Boilerplate | None = None,
) -> Iterator[Article | BadInput]:
    """The articles of one file (several for `.jsonl` and JSON lists), or BadInputs."""
    warn = on_warning or log.warning
    rules = boilerplate if boilerplate is not None else Boilerplate.from_file()
    suffix = path.suffix.lower()
    try:
        if path.name.lower().endswith(GOLD_SUFFIX):
            raise BadInput(str(path), "an evaluation gold file, not an article (see kg eval)")
        if suffix not in SUPPORTED_SUFFIXES:
            raise BadInput(str(path), f"unsupported file type {suffix or '(none)'!r} "
                                      f"(expected one of {', '.join(SUPPORTED_SUFFIXES)})")
        if suffix != ".jsonl" and path.stat().st_size > MAX_FILE_BYTES:
            raise BadInput(str(path), f"file of {path.stat().st_size:,} bytes is larger than "
                                      f"the {MAX_FILE_BYTES:,} an article file may hold")
        text = read_text(path, warn)
        if suffix in TEXT_SUFFIXES:
            yield _text_article(path, text, warn, rules)
        elif suffix in HTML_SUFFIXES:
            yield _html_article(path, text, warn, rules)
        elif suffix == ".json":
            yield from _json_articles(path, text, warn, rules)
        else:
            yield from _jsonl_articles(path, text, warn, rules)
    except BadInput as bad:
        yield bad
    except OSError as exc:
        yield BadInput(str(path), f"cannot read file ({exc.strerror or exc})")


# --------------------------------------------------------------------------- bytes -> text


def read_text(path: Path, on_warning: WarningHandler) -> str:
    """File content as text. UTF-8 (BOM or not); UTF-8 with a few invalid bytes is still
    UTF-8, each bad sequence replaced by U+FFFD with a warning counting them, unless the
    whole file reads better in a legacy encoding (more bad sequences than valid accented
    characters: a cp1252 file has no valid ones); that encoding, found by
    charset-normalizer, is then named in a warning. Empty, binary and undecodable files
    raise BadInput."""
    data = path.read_bytes()
    if not data.strip():
        raise BadInput(str(path), "empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _normalise_newlines(data.decode(encoding, errors="replace"))
    if b"\x00" in data:
        raise BadInput(str(path), "binary file (contains NUL bytes), not an article")
    try:
        return _normalise_newlines(data.decode("utf-8-sig"))
    except UnicodeDecodeError:
        pass
    text = data.decode("utf-8-sig", errors="replace")
    bad = text.count(_REPLACEMENT) - data.count(_REPLACEMENT.encode("utf-8"))
    accented = sum(1 for ch in text if ord(ch) > 127) - text.count(_REPLACEMENT)
    if accented > bad:
        on_warning(f"{path}: {bad} invalid UTF-8 byte sequence{'s' if bad != 1 else ''} "
                   "replaced by U+FFFD")
        return _normalise_newlines(text)
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None:
        raise BadInput(str(path), "undecodable bytes: not UTF-8 and no known encoding fits")
    on_warning(f"{path}: not UTF-8; decoded as {best.encoding}")
    return _normalise_newlines(str(best))


_REPLACEMENT = "\ufffd"


def _normalise_newlines(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# --------------------------------------------------------------------------- formats


# "date 2020-02 Le Groupe ... ": the stamp a saved web page opens with, not the article's words
_DATE_STAMP = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+")


def _text_article(path: Path, text: str, warn: WarningHandler, rules: Boilerplate) -> Article:
    headers, lines = split_headers(text.split("\n"))
    stamp = _DATE_STAMP.match(lines[0]) if lines else None
    if stamp:
        lines = [lines[0][stamp.end():], *lines[1:]]
        if len(stamp.group(1)) == 10:  # a month alone is no publication date
            headers.setdefault("date", stamp.group(1))
    title = headers.get("title", "")
    if not title:
        while lines and not lines[0].strip():
            lines = lines[1:]
        if lines and is_title_line(lines[0], rest=lines[1:]):
            title, lines = lines[0].strip(), lines[1:]
    body = "\n".join(lines)
    if path.suffix.lower() == ".md":
        title, body = plain_markdown(title), plain_markdown(body)
    return _article(path, {**headers, "title": title, "text": body},
                    stem_id=path.stem, warn=warn, rules=rules)


_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+[\"«“(]?[A-ZÀ-Ý]")
TITLE_MAX_CHARS = 200
TITLE_MAX_WORDS_WITH_STOP = 15


def is_title_line(line: str, rest: list[str]) -> bool:
    """A first line is a title when text follows it and it reads like a headline: short, one
    sentence at most, no long sentence ending in a full stop. Otherwise it is the text's
    first paragraph (a page saved as one paragraph has no title line)."""
    line = line.strip()
    if not any(other.strip() for other in rest) or len(line) > TITLE_MAX_CHARS:
        return False
    if _SENTENCE_INSIDE.search(line):
        return False
    return not (line.endswith(".") and len(line.split()) > TITLE_MAX_WORDS_WITH_STOP)


def split_headers(lines: list[str]) -> tuple[dict[str, str], list[str]]:
    """An optional leading block of known `Key: value` lines (or a `---` front-matter block)
    ended by a blank line; returns the headers (lower-case keys) and the remaining lines."""
    start = 0
    while start < len(lines) and not lines[start].strip():
        start += 1
    fenced = start < len(lines) and lines[start].strip() == "---"
    index = start + 1 if fenced else start
    headers: dict[str, str] = {}
    while index < len(lines):
        match = _HEADER_LINE.match(lines[index])
        if not match or match.group(1).lower() not in HEADER_KEYS:
            break
        headers[match.group(1).lower()] = match.group(2)
        index += 1
    closed = index < len(lines) and lines[index].strip() == ("---" if fenced else "")
    if not headers or not (closed or (index == len(lines) and not fenced)):
        return {}, lines[start:]
    return headers, lines[index + 1:]


def plain_markdown(text: str) -> str:
    """Markdown markup that would leak into names and sentences: heading marks and bold."""
    return _MD_STRONG.sub(r"\2", _MD_HEADING.sub("", text)).strip()


def _html_article(path: Path, html: str, warn: WarningHandler, rules: Boilerplate) -> Article:
    import trafilatura

    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False)
    if doc is None or not (doc.text or "").strip():
        raise BadInput(str(path), "no article text found in the HTML")
    title = (doc.title or "").strip()
    body = doc.text
    first, _, rest = body.partition("\n")
    if title and fold(first) == fold(title):  # trafilatura repeats the <h1> as the first line
        body = rest
    fields = {"title": title, "text": body, "date": doc.date, "url": doc.url,
              "lang": _html_lang(html)}
    return _article(path, fields, stem_id=path.stem, warn=warn, rules=rules)


def _html_lang(html: str) -> str | None:
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.document_fromstring(html.encode("utf-8"))
    except (ParserError, ValueError):
        return None
    return root.get("lang") or root.get("xml:lang")


TOO_DEEP = "JSON nested too deeply to be an article"


def _json_articles(
    path: Path, text: str, warn: WarningHandler, rules: Boilerplate
) -> Iterator[Article | BadInput]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadInput(str(path), f"malformed JSON ({exc.msg}, line {exc.lineno} "
                                  f"column {exc.colno})") from None
    except RecursionError:
        raise BadInput(str(path), TOO_DEEP) from None
    if isinstance(data, dict):
        yield _article(path, data, stem_id=path.stem, warn=warn, rules=rules)
        return
    if not isinstance(data, list):
        raise BadInput(str(path), "expected an article object or a list of them")
    for position, record in enumerate(data, start=1):
        where = f"{path}[{position}]"
        try:
            if not isinstance(record, dict):
                raise BadInput(where, "expected an article object")
            yield _article(path, record, stem_id=f"{path.stem}-{position}", warn=warn,
                           rules=rules, where=where)
        except BadInput as bad:
            yield bad


def _jsonl_articles(
    path: Path, text: str, warn: WarningHandler, rules: Boilerplate
) -> Iterator[Article | BadInput]:
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
            if not isinstance(record, dict):
                raise BadInput(where, "expected an article object")
            yield _article(path, record, stem_id=f"{path.stem}-{number}", warn=warn,
                           rules=rules, where=where)
        except json.JSONDecodeError as exc:
            yield BadInput(where, f"malformed JSON ({exc.msg}, column {exc.colno})")
        except RecursionError:
            yield BadInput(where, TOO_DEEP)
        except BadInput as bad:
            yield bad


# --------------------------------------------------------------------------- fields -> Article


def _article(
    path: Path,
    fields: dict[str, Any],
    *,
    stem_id: str,
    warn: WarningHandler,
    rules: Boilerplate,
    where: str | None = None,
) -> Article:
    where = where or str(path)
    fields = {key: _without_surrogates(value, key, where, warn) for key, value in fields.items()}
    raw_text = fields.get("text")
    if raw_text is not None and not isinstance(raw_text, str):
        raise BadInput(where, "field 'text' is not a string")
    text = clean_body(raw_text or "", rules)
    if not text:
        raise BadInput(where, "no text")
    if len(text) > MAX_ARTICLE_CHARS:
        raise BadInput(where, f"text of {len(text):,} characters is longer than the "
                              f"{MAX_ARTICLE_CHARS:,} an article may hold; split it")
    title = _as_str(fields.get("title")) or text.split("\n", 1)[0][:120]
    url = _as_str(fields.get("url")) or None
    raw_date = _as_str(fields.get("published")) or _as_str(fields.get("date"))
    published = parse_date(raw_date, where, warn) if raw_date else None
    lang = _declared_lang(_as_str(fields.get("lang") or fields.get("language")), where, warn)
    return Article(
        id=article_id(explicit=_as_str(fields.get("id")) or None, url=url, stem=stem_id),
        title=title,
        text=text,
        lang=lang or detect_lang(f"{title}\n{text}"),
        published=published,
        url=url,
        path=str(path),
    )


_SURROGATE = re.compile(r"[\ud800-\udfff]")


def _without_surrogates(value: Any, key: str, where: str, warn: WarningHandler) -> Any:
    """JSON may escape half of a UTF-16 pair (`"\\ud800"`): no text can be encoded with
    it, so it becomes U+FFFD."""
    if not isinstance(value, str) or not _SURROGATE.search(value):
        return value
    value, count = _SURROGATE.subn(_REPLACEMENT, value)
    warn(f"{where}: {count} lone surrogate escape{'s' if count != 1 else ''} in field "
         f"{key!r} replaced by U+FFFD")
    return value


def _as_str(value: Any) -> str:
    if value is None or isinstance(value, (dict, list)):
        return ""
    return str(value).strip()


def article_id(*, explicit: str | None, url: str | None, stem: str) -> str:
    """`article:<id>` from an explicit id, else `article:url-<hash>` of the normalised URL,
    else `article:<file stem>`; all survive edits of the text."""
    if explicit:
        key = explicit.removeprefix("article:")
    elif url:
        key = "url-" + hashlib.sha256(normalise_url(url).encode("utf-8")).hexdigest()[:16]
    else:
        key = stem
    return "article:" + (_ID_UNSAFE.sub("-", key).strip("-") or "x")


def normalise_url(url: str) -> str:
    """Same page, same key: scheme and host lower-cased, fragment and trailing slash dropped."""
    parts = urlsplit(url.strip())
    return urlunsplit((parts.scheme.lower(), parts.netloc.lower(), parts.path.rstrip("/"),
                       parts.query, ""))


def parse_date(value: str, where: str, warn: WarningHandler) -> str | None:
    """ISO `YYYY-MM-DD` from ISO strings or day-first dates in French or English."""
    try:
        return datetime.fromisoformat(value).date().isoformat()
    except ValueError:
        pass
    try:
        return date.fromisoformat(value[:10]).isoformat()
    except ValueError:
        pass
    import dateparser

    parsed = dateparser.parse(value, languages=["fr", "en"], settings={
        "DATE_ORDER": "DMY", "REQUIRE_PARTS": ["year", "month", "day"]})
    if parsed is None:
        warn(f"{where}: unrecognised date {value!r}; published left empty")
        return None
    return parsed.date().isoformat()


def _declared_lang(value: str, where: str, warn: WarningHandler) -> str | None:
    if not value:
        return None
    code = value.lower().replace("_", "-").split("-")[0]
    code = _LANG_NAMES.get(fold(code), code)
    if code in SUPPORTED_LANGS:
        return code
    warn(f"{where}: language {value!r} not supported ({', '.join(SUPPORTED_LANGS)}); "
         "detected from the text instead")
    return None


_FR_FUNCTION_WORDS = frozenset({
    "le", "la", "les", "des", "du", "une", "est", "et", "pour", "dans", "qui", "sur", "avec",
    "au", "aux", "un", "ce", "cette", "son", "sa", "ses", "de", "été", "ont"
})
_EN_FUNCTION_WORDS = frozenset({
    "the", "and", "of", "is", "for", "with", "that", "which", "has", "have", "are", "its", "by",
    "from", "on", "an", "to", "in", "was", "were", "will"
})
_WORDS = re.compile(r"[a-zà-ÿ']+")


def detect_lang(text: str) -> str:
    """'fr' or 'en': a short text by its function words ("signed a deal with" is English),
    a longer one by langdetect (seeded, so deterministic); 'fr' when nothing decides (the
    corpus is mostly French)."""
    if len(text.split()) < MIN_WORDS_FOR_DETECTION:
        words = _WORDS.findall(text.lower())
        english = sum(w in _EN_FUNCTION_WORDS for w in words)
        french = sum(w in _FR_FUNCTION_WORDS for w in words)
        return "en" if english > french else DEFAULT_LANG
    from langdetect import DetectorFactory, detect_langs
    from langdetect.lang_detect_exception import LangDetectException

    DetectorFactory.seed = 0
    try:
        found = {guess.lang: guess.prob for guess in detect_langs(text[:5000])}
    except LangDetectException:
        return DEFAULT_LANG
    french, english = found.get("fr", 0.0), found.get("en", 0.0)
    if max(french, english) < 0.5:
        return DEFAULT_LANG
    return "en" if english > french else "fr"
