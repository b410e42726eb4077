"""Chinese full-text search terms: segmentation, keyed tokens, query expressions; pure.

Text is segmented with rjieba (the jieba dictionary and algorithm in Rust, jieba-rs):
documents in search mode (long words and their parts, so 东城区 is found by 城区 too),
queries in precise mode, every query word required. ID and phone numbers never enter
the index in plain: each is a keyed hash token (HMAC-SHA256 with the deployment's
secret), so an exact number finds its case and the index reveals nothing.
"""

from __future__ import annotations

import hashlib
import hmac
import html
import re
import unicodedata
from dataclasses import dataclass

import rjieba

_ID_NUMBER = re.compile(r"^\d{17}[\dX]$")
_PHONE = re.compile(r"^\d{7,15}$")


def normalise(text: str) -> str:
    """Return text with full-width letters and digits made ASCII, lower-cased."""
    return unicodedata.normalize("NFKC", text or "").lower()


def _word(token: str) -> str:
    """Return a token reduced to its letters and digits (what both indexes keep)."""
    return "".join(ch for ch in token if ch.isalnum())


def segment(text: str, *, search_mode: bool = True) -> list[str]:
    """Return the words of a text, in order, without punctuation or blanks."""
    cut = rjieba.cut_for_search if search_mode else rjieba.cut
    return [w for w in (_word(t) for t in cut(normalise(text))) if w]


def compact(value: str) -> str:
    """Return an identifier (case number, court case number) as one token."""
    return _word(normalise(value))


def key_token(kind: str, value: str, secret: bytes) -> str:
    """Return the keyed hash token of an ID or phone number (letters only, 20 long)."""
    digest = hmac.new(secret, f"{kind}:{value}".encode(), hashlib.sha256).hexdigest()[:20]
    return "k" + "".join(chr(97 + int(c, 16)) for c in digest)


def id_key(id_number: str, secret: bytes) -> str:
    """Return the token an ID number is indexed and searched by."""
    return key_token("id", normalise(id_number).upper().strip(), secret)


def phone_key(phone: str, secret: bytes) -> str:
    """Return the token a phone number is indexed and searched by (digits only)."""
    return key_token("phone", "".join(ch for ch in normalise(phone) if ch.isdigit()), secret)


@dataclass(frozen=True)
class Document:
    """What one case contributes to the index."""

    number: str
    texts: tuple[str, ...]  # title, description, replies, reasons, party names
    identifiers: tuple[str, ...] = ()  # court case numbers and the like
    id_numbers: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()


def document_body(doc: Document, secret: bytes, *, words=segment) -> str:
    """Return the space-separated tokens both databases index for a case.

    `words` segments one text (search mode); bulk loads pass a cached `segment`.
    """
    tokens = [compact(doc.number)] + [compact(v) for v in doc.identifiers if v]
    tokens += [id_key(v, secret) for v in doc.id_numbers if v]
    tokens += [phone_key(v, secret) for v in doc.phones if v]
    for text in doc.texts:
        tokens += words(text)
    return " ".join(t for t in tokens if t)


def document_content(doc: Document) -> str:
    """Return the readable text snippets are cut from (no ID or phone numbers)."""
    return " · ".join(t.strip() for t in doc.texts if t and t.strip())


@dataclass(frozen=True)
class Query:
    """A parsed search: groups that must all match, each a set of alternatives."""

    groups: tuple[tuple[str, ...], ...]
    words: tuple[str, ...]  # what snippets highlight
    exact: bool = False  # an ID number is asked for: one or two cases at most

    def __bool__(self) -> bool:
        return bool(self.groups)

    def fts5(self) -> str:
        """Return the query as an SQLite FTS5 MATCH expression."""
        return " AND ".join("(" + " OR ".join(f'"{t}"' for t in g) + ")" for g in self.groups)

    def tsquery(self) -> str:
        """Return the query as PostgreSQL to_tsquery input."""
        return " & ".join("(" + " | ".join(f"'{t}'" for t in g) + ")" for g in self.groups)


def parse_query(q: str, secret: bytes) -> Query:
    """Return the search for what a user typed: words, case numbers, ID or phone numbers."""
    groups: list[tuple[str, ...]] = []
    words: list[str] = []
    exact = False
    for chunk in normalise(q).split():
        groups_for, shown = _chunk_groups(chunk, secret)
        groups += [g for g in groups_for if g not in groups]
        words += shown
        exact = exact or bool(_ID_NUMBER.match(chunk.upper()))
    return Query(tuple(groups), tuple(dict.fromkeys(words)), exact)


def _chunk_groups(chunk: str, secret: bytes) -> tuple[list[tuple[str, ...]], list[str]]:
    """Return the required groups and highlighted words of one blank-separated chunk."""
    if _ID_NUMBER.match(chunk.upper()):
        return [(id_key(chunk, secret),)], []
    if _PHONE.match(chunk):
        return [(phone_key(chunk, secret), chunk)], [chunk]
    if any(ch.isdigit() for ch in chunk):
        token = compact(chunk)
        words = segment(chunk, search_mode=False)
        return ([(token,)] if token else []), words
    words = segment(chunk, search_mode=False)
    return [(w,) for w in dict.fromkeys(words)], words


def score(body: str, query: Query, *, average_length: float) -> float:
    """Return how well an indexed body matches (BM25's term-frequency part; higher is better).

    The candidates of one search all contain every word, so the words' rarity (BM25's
    IDF) weighs each candidate alike and is left out.
    """
    tokens = body.split()
    counts: dict[str, int] = {}
    for token in tokens:
        counts[token] = counts.get(token, 0) + 1
    norm = 1.2 * (0.25 + 0.75 * len(tokens) / max(average_length, 1.0))
    total = 0.0
    for group in query.groups:
        tf = sum(counts.get(t, 0) for t in group)
        total += tf * 2.2 / (tf + norm) if tf else 0.0
    return total


def key_words(title: str, *, count: int = 4) -> Query:
    """Return a query on the longest words of a title (for similar-matter hints)."""
    words = sorted(dict.fromkeys(w for w in segment(title, search_mode=False) if len(w) > 1),
                   key=len, reverse=True)[:count]
    return Query(tuple((w,) for w in words), tuple(words))


def snippet(content: str, words: tuple[str, ...], *, width: int = 80) -> str:
    """Return HTML: a window of the content around the first hit, every hit in <mark>."""
    if not content:
        return ""
    lowered = content.lower()
    hits = [i for i in (lowered.find(w) for w in words if w) if i >= 0]
    start = max(0, min(hits) - width // 4) if hits else 0
    window = content[start:start + width]
    marked = _mark(window, [w for w in words if w])
    return ("…" if start else "") + marked + ("…" if start + width < len(content) else "")


def _mark(text: str, words: list[str]) -> str:
    """Escape text and wrap every occurrence of the words in <mark>."""
    if not words:
        return html.escape(text)
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)),
                         re.IGNORECASE)
    out, pos = [], 0
    for m in pattern.finditer(text):
        out += [html.escape(text[pos:m.start()]), f"<mark>{html.escape(m.group())}</mark>"]
        pos = m.end()
    out.append(html.escape(text[pos:]))
    return "".join(out)
