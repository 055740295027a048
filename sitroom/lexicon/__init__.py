"""Word lists as data: one tab-separated file per concept in this folder (`<concept>.tsv`), read once
(cached) through importlib.resources, so they ship in the wheel and a linguist edits them without
touching code.

File format: '#' lines are comments (the first ones say what the list is for and who reads it), blank
lines are skipped, the first other line is the header (tab-separated column names; the first column is
`term`), then one row per entry. Missing trailing cells read as "". A term is one word or several
separated by spaces; a word ending in '*' is a stem ("assassinat*" matches "assassinated" and
"assassination"), any other word matches a token whose lower-cased form or lemma is that word
("drone" matches "drones").

Matching is always at word boundaries, never inside a word: "aid" does not fire on "said", "ied" not on
"died", "ban" not on "Lebanon". `Lexicon.find(tokens)` gives token spans on a spaCy Doc or Span (or any
token sequence); `contains_term(text, terms)` does the same on a plain string with a regular expression.
"""
from __future__ import annotations

import re
from functools import lru_cache
from importlib import resources
from typing import Iterable, Optional, Sequence


class LexiconError(ValueError):
    """A lexicon file that cannot be read: the message names the file, the line and the reason."""


def _path(name: str):
    return resources.files(__name__).joinpath(f"{name}.tsv")


@lru_cache(maxsize=None)
def rows(name: str) -> tuple:
    """The rows of lexicon `name` as dicts keyed by the header's column names, in file order."""
    path = _path(name)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise LexiconError(f"lexicon {name!r}: no file {name}.tsv in sitroom/lexicon") from None
    except UnicodeDecodeError as exc:
        raise LexiconError(f"sitroom/lexicon/{name}.tsv: not UTF-8 ({exc.reason})") from None
    header = None
    out = []
    for no, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        cells = [c.strip() for c in line.split("\t")]
        if header is None:
            header = cells
            if not header or header[0] != "term":
                raise LexiconError(f"sitroom/lexicon/{name}.tsv:{no}: the header's first column must be 'term'")
            continue
        if len(cells) > len(header):
            raise LexiconError(f"sitroom/lexicon/{name}.tsv:{no}: {len(cells)} cells, the header names "
                               f"{len(header)} ({', '.join(header)})")
        if not cells[0]:
            raise LexiconError(f"sitroom/lexicon/{name}.tsv:{no}: empty term")
        cells += [""] * (len(header) - len(cells))
        out.append(dict(zip(header, cells)))
    if header is None:
        raise LexiconError(f"sitroom/lexicon/{name}.tsv: no header line")
    return tuple(out)


def names() -> list:
    """Every lexicon shipped in this folder."""
    return sorted(p.name[:-4] for p in resources.files(__name__).iterdir() if p.name.endswith(".tsv"))


@lru_cache(maxsize=None)
def words(name: str, column: str = "term") -> frozenset:
    """The set of a lexicon's terms (or of another column's non-empty cells)."""
    return frozenset(r[column] for r in rows(name) if r.get(column, ""))


@lru_cache(maxsize=None)
def terms(name: str, column: str = "term") -> tuple:
    """A lexicon's terms in file order (for lists where the order is the priority)."""
    return tuple(r[column] for r in rows(name) if r.get(column, ""))


def mapping(name: str, value: str = "value", cast=str, empty=None) -> dict:
    """term -> the `value` column (cast; an empty cell gives `empty`)."""
    return {r["term"]: (cast(r[value]) if r.get(value, "") != "" else empty) for r in rows(name)}


def grouped(name: str, key: str, value: str = "term") -> dict:
    """The `key` column -> a frozenset of the `value` cells of its rows, keys in file order."""
    out: dict = {}
    for r in rows(name):
        out.setdefault(r[key], set()).add(r[value])
    return {k: frozenset(v) for k, v in out.items()}


# ---------------------------------------------------------------------------------------------
# Matching at word boundaries.
# ---------------------------------------------------------------------------------------------
_INFIX_HYPHEN = re.compile(r"(?<=[^\W\d_])-(?=[^\W\d_*])|(?<=\d)-(?=[^\W\d_*])")


def split_term(term: str) -> tuple:
    """A term as the word patterns spaCy's English tokenizer would cut it into: words at spaces, and a
    hyphen between letters as a token of its own ("air-strike" -> air, -, strike)."""
    out = []
    for w in term.lower().split():
        parts = _INFIX_HYPHEN.split(w)
        for i, p in enumerate(parts):
            if i:
                out.append("-")
            if p:
                out.append(p)
    return tuple(out)


def token_matches(tok, pattern: str) -> bool:
    """One word pattern against one spaCy token: the lower-cased form or the lemma, or a stem ('*')."""
    low = tok.lower_
    if pattern.endswith("*") and len(pattern) > 1:
        return low.startswith(pattern[:-1])
    return low == pattern or (tok.lemma_ or "").lower() == pattern


class Lexicon:
    """A list of (term, label) entries compiled for matching spaCy tokens at word boundaries."""

    CACHE_SIZE = 50_000  # (form, lemma) pairs whose candidate entries are kept (a word seen again is a lookup)

    def __init__(self, entries: Iterable):
        self._seen: dict = {}
        self.entries = []
        self._by_first: dict = {}
        self._stems: dict = {}  # stem length -> stem -> entry indices (a word's prefix of that length is looked up)
        for term, label in entries:
            pats = split_term(term)
            if not pats:
                continue
            k = len(self.entries)
            self.entries.append((term, pats, label))
            first = pats[0]
            if first.endswith("*") and len(first) > 1:
                stem = first[:-1]
                self._stems.setdefault(len(stem), {}).setdefault(stem, []).append(k)
            else:
                self._by_first.setdefault(first, []).append(k)

    @classmethod
    def load(cls, name: str, label: Optional[str] = None, where: Optional[dict] = None) -> "Lexicon":
        """From lexicon file `name`: its terms, labelled by column `label` (or by the term itself), only
        the rows whose cells equal `where`'s values."""
        return _load(name, label, tuple(sorted((where or {}).items())))

    def _candidates(self, tok):
        low = tok.lower_
        lem = (tok.lemma_ or "").lower()
        key = (low, lem)
        ks = self._seen.get(key)
        if ks is None:
            if len(self._seen) >= self.CACHE_SIZE:
                self._seen.clear()
            ks = self._seen[key] = self._candidates_of(low, lem)
        return ks

    def _candidates_of(self, low: str, lem: str) -> tuple:
        """The entries whose first word pattern a token of this form and lemma matches, in entry order."""
        ks = list(self._by_first.get(low, ()))
        if lem != low:
            ks += self._by_first.get(lem, ())
        for n, by_stem in self._stems.items():
            if len(low) >= n:
                ks += by_stem.get(low[:n], ())
        return tuple(sorted(set(ks)))

    def find(self, tokens: Sequence) -> list:
        """(start, end, label) for every entry matched in the token sequence (a Doc, a Span or a list of
        tokens; positions are indices into that sequence), in order of start, then entry order."""
        toks = list(tokens)
        out = []
        for i, tok in enumerate(toks):
            for k in self._candidates(tok):
                _, pats, label = self.entries[k]
                if i + len(pats) <= len(toks) and all(token_matches(toks[i + j], p)
                                                      for j, p in enumerate(pats[1:], 1)):
                    out.append((i, i + len(pats), label))
        return out

    def labels(self, tokens: Sequence) -> set:
        """The labels of the entries found in the tokens."""
        return {label for _, _, label in self.find(tokens)}

    def matches(self, tokens: Sequence) -> bool:
        """Whether any entry is found in the tokens."""
        return bool(self.find(tokens))


@lru_cache(maxsize=None)
def _load(name, label, where):
    cond = dict(where)
    return Lexicon((r["term"], r[label] if label else r["term"]) for r in rows(name)
                   if all(r.get(c, "") == v for c, v in cond.items()))


@lru_cache(maxsize=4096)
def _term_regex(terms: tuple):
    alts = []
    for t in sorted(set(terms), key=len, reverse=True):
        parts = []
        for w in t.lower().split():
            stem = w.endswith("*") and len(w) > 1
            parts.append(re.escape(w[:-1] if stem else w) + (r"\w*" if stem else ""))
        if parts:
            alts.append(r"\s+".join(parts))
    if not alts:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alts) + r")(?!\w)", re.IGNORECASE)


def contains_term(text: str, terms: Iterable[str]) -> bool:
    """Whether the plain text holds one of the terms as whole words (a stem 'x*' as a word's start;
    several words separated by any white space), case-insensitively."""
    rx = _term_regex(tuple(terms))
    return bool(rx and rx.search(text or ""))


def find_terms(text: str, terms: Iterable[str]) -> list:
    """(start, end) character spans of the terms found in the text as whole words, left to right."""
    rx = _term_regex(tuple(terms))
    return [m.span() for m in rx.finditer(text or "")] if rx else []


def number(cell: str):
    """A numeric cell: an int, or a float where it has a decimal point."""
    return float(cell) if "." in cell else int(cell)
