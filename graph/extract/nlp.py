"""spaCy pipelines, loaded once per process and per language, lazily.

French: `fr_core_news_md` (sentences, parse, POS, NER); the lemmatizer is excluded because the
rules match folded surface forms. English: no trustworthy English spaCy wheel is on PyPI, so
English runs through `spacy.blank("en")` with a rule sentencizer; entities then come from
capitalised spans, cue words and the gazetteers (see docs/extraction.md).
"""

from __future__ import annotations

import re
from functools import cache

from spacy.language import Language
from spacy.tokens import Doc

FRENCH_MODEL = "fr_core_news_md"
FRENCH_EXCLUDE = ("lemmatizer",)
SUPPORTED = ("fr", "en")

_FR_WORDS = re.compile(r"\b(?:le|la|les|des|du|une|est|et|pour|dans|qui|sur|avec|au|aux)\b")
_EN_WORDS = re.compile(r"\b(?:the|and|of|is|for|with|that|which|has|are|its|by|from|on)\b")


@Language.component("paragraph_breaks")
def paragraph_breaks(doc: Doc) -> Doc:
    """A line break ends a sentence: titles and list lines have no final full stop."""
    for token in doc[:-1]:
        if token.is_space and "\n" in token.text:
            doc[token.i + 1].is_sent_start = True
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
        nlp = spacy.blank("en")
    else:
        raise ValueError(f"no pipeline for language {lang!r}; supported: {', '.join(SUPPORTED)}")
    for word in ("start-up", "start-ups", "Start-up", "Start-ups", "spin-off", "spin-offs"):
        nlp.tokenizer.add_special_case(word, [{ORTH: word}])  # cue words, kept whole
    nlp.add_pipe("sentencizer", first=True)
    nlp.add_pipe("paragraph_breaks", after="sentencizer")
    return nlp


def language_of(lang: str | None, text: str) -> str:
    """The article's declared language when supported, else a cheap function-word vote."""
    if lang:
        short = lang.lower()[:2]
        if short in SUPPORTED:
            return short
    sample = text[:3000].lower()
    return "en" if len(_EN_WORDS.findall(sample)) > len(_FR_WORDS.findall(sample)) else "fr"
