"""Words to search terms: Finnish base forms and compound parts, Swedish and English stems.

The public search matches *terms*, not raw substrings, so that "vertaistuki" finds a text that
says "vertaistukea", "tuki" finds it too (a compound part), "kamratstöd" finds
"kamratstödet" and "peer support" finds "supporting peers".

- Finnish: Voikko (Debian's `libvoikko1` + `voikko-fi`, offline; the `libvoikko` ctypes
  binding) gives every base form of a word and, for the texts, the base forms of its compound
  parts. A word Voikko does not know (a name, a typo) falls back to the Snowball stem.
- Swedish and English: Snowball stemmers (PyStemmer). Swedish compounds are matched by
  prefix: the stored term "kamratstödsgrupp" starts with the query's stem "kamratstöd".
- A text is analysed as the language it is stored in (`name_sv` as Swedish); fields without
  a language (addresses, alternate names) and every query word go through all three, since a
  resident may type in any language whatever the page's language.

`document_terms()` is what a site's or service's `search_text` column holds (a leading space,
then unique terms separated by spaces); `query_alternatives()` turns a query into one tuple of
alternative terms per word. A word matches when one of its alternatives is a prefix of a
stored term: `" " + term in search_text` in Python, `search_text LIKE '% term%'` in SQL, which
is why the SQLite, PostgreSQL and in-memory searches give the same answer.

When Voikko is not installed the Finnish Snowball stemmer is used alone (a warning is logged
once); the results are then coarser but the search still works.
"""

from __future__ import annotations

import functools
import logging
import re
import threading
from typing import Any

import Stemmer

log = logging.getLogger(__name__)

MAX_QUERY_WORDS = 6
NAME_MARK = "="  # before the name terms in search_text: " =kahvila" (never matched by SQL)
MIN_PART_LENGTH = 3  # compound parts shorter than this ("u", "ja") are not terms
_WORD = re.compile(r"\w+", re.UNICODE)
_STEMMERS = {"fi": "finnish", "sv": "swedish", "en": "english"}
LANGS = tuple(_STEMMERS)

_voikko_lock = threading.Lock()
_voikko: Any = None
_voikko_missing = False


def _voikko_handle() -> Any:
    global _voikko, _voikko_missing
    if _voikko is None and not _voikko_missing:
        try:
            import libvoikko

            _voikko = libvoikko.Voikko("fi")
        except (ImportError, OSError, Exception) as error:  # noqa: BLE001 - any load failure
            _voikko_missing = True
            log.warning("Voikko is not available (%s): Finnish search uses Snowball only", error)
    return _voikko


def voikko_available() -> bool:
    with _voikko_lock:
        return _voikko_handle() is not None


@functools.lru_cache(maxsize=4)
def _stemmer(lang: str) -> Any:
    return Stemmer.Stemmer(_STEMMERS[lang])


def tokens(text: str) -> list[str]:
    """Casefolded words; "Ruoka-apu" is "ruoka", "apu" (hyphens and punctuation split)."""
    return _WORD.findall((text or "").casefold())


def _parts(wordbases: str) -> list[str]:
    """Base forms of the compound parts in Voikko's WORDBASES ("+vertais(vertainen)+tuki(tuki)")."""
    out = []
    for segment in wordbases.split("+"):
        if not segment or segment == "-":
            continue
        surface, _, base = segment.partition("(")
        base = base.rstrip(")")
        if base.startswith("+"):  # a derivational suffix, not a word
            continue
        out.append((base or surface).casefold())
    return out


@functools.lru_cache(maxsize=100_000)
def finnish(word: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(base forms, compound parts) of a casefolded Finnish word; Snowball when unknown."""
    with _voikko_lock:
        voikko = _voikko_handle()
        analyses = voikko.analyze(word) if voikko is not None else []
    bases: dict[str, None] = {}
    parts: dict[str, None] = {}
    for analysis in analyses:
        base = (analysis.get("BASEFORM") or "").casefold()
        if base:
            for piece in tokens(base):
                bases.setdefault(piece, None)
        for part in _parts(analysis.get("WORDBASES") or ""):
            for piece in tokens(part):
                if len(piece) >= MIN_PART_LENGTH:
                    parts.setdefault(piece, None)
    if not bases:
        bases[stem("fi", word)] = None
    return tuple(bases), tuple(p for p in parts if p not in bases)


@functools.lru_cache(maxsize=100_000)
def stem(lang: str, word: str) -> str:
    return str(_stemmer(lang).stemWord(word))


@functools.lru_cache(maxsize=200_000)
def word_terms(word: str, lang: str | None, *, compounds: bool = True) -> tuple[str, ...]:
    """The terms of one casefolded word in `lang` (None: every language)."""
    terms = [word]
    if word.isdigit():
        return (word,)
    if lang in (None, "fi"):
        bases, parts = finnish(word)
        terms += bases
        if compounds:
            terms += parts
    for code in ("sv", "en"):
        if lang in (None, code):
            terms.append(stem(code, word))
    return tuple(dict.fromkeys(terms))


def document_terms(texts_by_lang: dict[str | None, list[str]]) -> list[str]:
    """Unique terms of a document whose texts are grouped by language (None: unknown)."""
    seen: dict[str, None] = {}
    for lang, texts in texts_by_lang.items():
        for text in texts:
            for word in tokens(text):
                for term in word_terms(word, lang):
                    seen.setdefault(term, None)
    return list(seen)


def search_text(
    texts_by_lang: dict[str | None, list[str]],
    names_by_lang: dict[str | None, list[str]] | None = None,
) -> str:
    """The `search_text` column: " term term =name" (a space before every term). The names'
    terms are among the terms and once more marked with NAME_MARK, for ranking name matches
    first (" =kahvila" is never matched by `LIKE '% kahvila%'`)."""
    names_by_lang = names_by_lang or {}
    merged: dict[str | None, list[str]] = {}
    for group in (names_by_lang, texts_by_lang):
        for lang, texts in group.items():
            merged.setdefault(lang, []).extend(texts)
    text = "".join(" " + term for term in document_terms(merged))
    names = document_terms(names_by_lang)
    return text + "".join(" " + NAME_MARK + term for term in names)


def query_alternatives(q: str) -> list[tuple[str, ...]]:
    """One tuple of alternative terms per query word (at most MAX_QUERY_WORDS words).

    Base forms and stems only (no compound parts: "vertaistuki" must not find every "tuki");
    an alternative that is a prefix of another is enough on its own.
    """
    out = []
    for word in tokens(q)[:MAX_QUERY_WORDS]:
        alternatives = sorted(set(word_terms(word, None, compounds=False)), key=len)
        kept: list[str] = []
        for term in alternatives:
            if term and not any(term.startswith(shorter) for shorter in kept):
                kept.append(term)
        out.append(tuple(kept))
    return out
