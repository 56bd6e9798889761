"""Text analysis shared by indexing and querying: one module, so both sides cut text the same way.

Two analyses of the same normalised text go into the index:

* **characters** (exact recall): every non-space character is one token, at its own position,
  so any string of two or more characters is a phrase of consecutive characters and a single
  character is one term: a paragraph that contains a query literally is always found, whatever
  jieba would make of the context. Whitespace is dropped first, so "ignoring whitespace" holds
  too. (The OpenSearch mirror indexes overlapping bigrams instead, made from the same characters
  by `bigram_text_of`: there a bigram term is what its analyzers handle best.)
* **words** (ranking): jieba's search-mode cut of each run of Han characters, plus Latin/digit
  runs as whole tokens. BM25 over words keeps ranking good where characters alone would not.

Normalisation is character for character (the normalised text has the same length as the
original), so a match found in normalised text marks the same offsets in the original:
traditional characters become simplified (OpenCC t2s), full-width Latin and digits half-width,
Latin lower case, control characters spaces.

jieba's engine here is rjieba (jieba-rs: same dictionary and algorithm, ~15x faster); on runs
of Han characters its output equals jieba's, which tests/test_analysis.py checks on the seeds
and the corpora. Non-Han runs are split here rather than by jieba, where the two differ
(jieba-rs cuts "2-3" differently).
"""

from __future__ import annotations

import json
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import rjieba

# Tantivy analyzers registered under these names by index.open_index(); text reaching them is
# already cut into space-separated tokens by the functions below.
CHAR_TOKENIZER = "searchapp_char"
WORD_TOKENIZER = "searchapp_word"
# Tantivy's own cut of a compacted paragraph into its overlapping character pairs (an n-gram
# tokenizer, 2 to 2): the terms of pair_tokens, made in Rust rather than as a Python string.
PAIR_TOKENIZER = "searchapp_pair"

# Token placed between paragraphs of one article so that no phrase matches across them.
# Normalisation turns every control character into a space, so no text or query can contain it.
PARAGRAPH_BREAK = "\x01"

_HAN_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[0-9a-z]+(?:[.][0-9]+)*")
_WHITESPACE = re.compile(r"\s+")

# Function words that add nothing to a multi-word query; a query made only of them is searched
# as typed. Kept short on purpose: a longer list starts to drop words people do mean.
STOP_WORDS = frozenset(
    "的 了 和 与 及 或 是 在 也 都 就 而 并 对 把 被 从 向 以 为 于 之 其 这 那 有 个 中 上 下 着 地 得 所 等".split()
)


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


# Every character OpenCC's t2s can change: of each key of its dictionaries (phrases, characters,
# the compatibility ideographs it normalises first), the characters where the key and its first
# value differ. Text holding none of them converts to itself, whatever OpenCC segments (a phrase
# it would change holds one of them), so OpenCC runs only on the few paragraphs that hold one
# (on 新闻联播, 3% of them; converting the rest cost 1.3 CPU-s of the full file's build). Made by
# t2s_changing_characters() from the installed OpenCC, whose version heads the file: under another
# version every text is converted, as before (tests/test_analysis.py checks the file).
T2S_CHANGES = Path(__file__).resolve().parent / "data" / "opencc_t2s_changes.txt"


def _opencc_version() -> str:
    import opencc

    return str(getattr(opencc, "__version__", ""))


@lru_cache(maxsize=1)
def _t2s_changing() -> re.Pattern | None:
    """A class of the characters t2s can change; None where the file is not for this OpenCC."""
    try:
        version, chars = T2S_CHANGES.read_text("utf-8").split("\n")[:2]
    except (OSError, ValueError):
        return None
    if version != f"opencc {_opencc_version()}" or not chars:
        return None
    # Characters beyond the BMP (rare) always go to OpenCC: with them in the class, the regex
    # could not use its table of the BMP and tested every character against each range in turn.
    bmp = "".join(re.escape(c) for c in chars if ord(c) < 0x10000)
    return re.compile("[" + bmp + "\U00010000-\U0010FFFF]")


def t2s_changing_characters() -> str:
    """The characters t2s can change (see T2S_CHANGES), read from the installed OpenCC's
    dictionaries with its opencc_dict tool, sorted; what T2S_CHANGES holds after its header."""
    import subprocess
    import tempfile

    import opencc

    share = Path(opencc.__file__).resolve().parent / "clib" / "share" / "opencc"
    tool = Path(opencc.__file__).resolve().parent / "clib" / "bin" / "opencc_dict"
    config = json.loads((share / "t2s.json").read_text("utf-8"))
    files: list[str] = []

    def collect(node) -> None:
        if isinstance(node, dict):
            if node.get("type") == "ocd2" and "file" in node:
                files.append(node["file"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(config)
    changing: set[str] = set()
    with tempfile.TemporaryDirectory() as tmp:
        for name in files:
            out = Path(tmp) / (name + ".txt")
            subprocess.run([str(tool), "-i", str(share / name), "-o", str(out), "-f", "ocd2", "-t", "text"], check=True)
            for line in out.read_text("utf-8").splitlines():
                key, _, values = line.partition("\t")
                first = values.split(" ")[0]
                if first == key:
                    continue
                if len(first) != len(key):
                    changing.update(key)
                else:
                    changing.update(k for k, v in zip(key, first) if k != v)
    return "".join(sorted(changing))


@lru_cache(maxsize=65536)
def _fold_char(ch: str) -> str:
    code = ord(ch)
    if 0xFF01 <= code <= 0xFF5E:  # full-width ASCII
        ch = chr(code - 0xFEE0)
    elif code == 0x3000:
        return " "
    if unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") and ch not in "\n\t":
        return " "
    low = ch.lower()
    return low if len(low) == 1 else ch


@lru_cache(maxsize=1)
def _fold_table() -> dict[int, str]:
    """_fold_char for every BMP character that it changes, as a str.translate table (built once)."""
    table = {}
    for code in range(0x10000):  # lone surrogates included: they become spaces, never reach OpenCC
        ch = chr(code)
        folded = _fold_char(ch)
        if folded != ch:
            table[code] = folded
    return table


@lru_cache(maxsize=1)
def _fold_pattern() -> re.Pattern:
    """A character class of exactly the characters the table changes, as ranges."""
    codes = sorted(_fold_table())
    ranges, start, prev = [], codes[0], codes[0]
    for code in codes[1:] + [-1]:
        if code != prev + 1:
            ranges.append(re.escape(chr(start)) + ("-" + re.escape(chr(prev)) if prev > start else ""))
            start = code
        prev = code
    return re.compile("[" + "".join(ranges) + "]")


_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


def fold(text: str) -> str:
    """Full-width to half-width, lower case, control characters to spaces; same length.

    A regex finds the few characters that change (full-width punctuation, capitals) and only
    those are looked up: much faster than a Python call per character, which made normalising a
    fifth of the analysis time. Characters beyond the BMP (rare) take the per-character path.
    """
    if _ASTRAL.search(text):
        return "".join(map(_fold_char, text))
    table = _fold_table()
    return _fold_pattern().sub(lambda m: table[ord(m.group())], text)


def normalize(text: str) -> str:
    """Fold text for matching, keeping its length: t2s, full-width to half-width, lower case."""
    return _t2s_of_folded(fold(text))


def _t2s_of_folded(folded: str) -> str:
    changing = _t2s_changing()
    if changing is not None and not changing.search(folded):
        return folded  # nothing OpenCC would change
    converted = _t2s().convert(folded)
    if len(converted) != len(folded):
        # OpenCC's phrase tables occasionally change length; fall back to character by character.
        converted = "".join(c if len(c) == 1 else o for o, c in ((o, _t2s().convert(o)) for o in folded))
    return converted


def compact(text: str) -> str:
    """Normalised text without whitespace: what bigrams and literal matches are computed on."""
    return _WHITESPACE.sub("", normalize(text))


def bigrams(compacted: str) -> list[str]:
    """The bigram tokens of compacted text: one per character, the last standing alone."""
    return [compacted[i : i + 2] for i in range(len(compacted))]


def pair_tokens(compacted: str) -> str:
    """Compacted text as its overlapping two-character tokens, space-separated (太原市 -> 太原 原市).

    Tantivy's BODY_PAIRS field (index.py): a literal of two characters is one of these terms, and a
    longer one holds all of its pairs, so that looking for 发展 reads one posting list instead of
    the positions of two of the commonest characters in every article holding both."""
    return " ".join(compacted[i : i + 2] for i in range(len(compacted) - 1))


def char_tokens(compacted: str) -> str:
    """Compacted text as character tokens, space-separated (Tantivy's whitespace tokenizer cuts them)."""
    return " ".join(compacted)


_BREAK_JOIN = f" {PARAGRAPH_BREAK} "


def join_paragraphs(paragraph_tokens: list[str]) -> str:
    """One field text from several paragraphs' tokens, a break token between them. Empty
    paragraphs keep their place, so the text splits back into the same paragraphs
    (`split_paragraphs`); the tokenizer skips the double space."""
    return _BREAK_JOIN.join(paragraph_tokens)


def split_paragraphs(field_text: str) -> list[str]:
    """The paragraphs' tokens of a field text made by join_paragraphs."""
    return field_text.split(_BREAK_JOIN) if field_text else []


def char_text(*parts: str | None) -> str:
    """Character tokens of several short texts (byline, credits, captions) as one field, a break between them."""
    return join_paragraphs([char_tokens(compact(p)) for p in parts if p])


def bigram_text_of(char_field_text: str) -> str:
    """The same field as bigram tokens (the OpenSearch mirror's analysis), paragraph breaks kept."""
    return join_paragraphs([" ".join(bigrams(chars.replace(" ", ""))) for chars in split_paragraphs(char_field_text)])


def analyze(text: str) -> tuple[str, list[str]]:
    """Both analyses of one paragraph, normalising once: (space-separated characters, words)."""
    folded = normalize(text)
    return char_tokens(_WHITESPACE.sub("", folded)), _words_of_normalized(folded)


_NOT_HAN = re.compile(r"[^\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
_LATIN_RUN = re.compile(r"[0-9a-z]+(?:[.][0-9]+)*")  # _HAN_RUN's other half


def analyze_body(paragraphs) -> tuple[list[str], str]:
    """An article's paragraphs as the index takes them: each normalised without whitespace (its
    characters, and their pairs), and the words of all of them as one space-separated string.

    The words are those of `words` on each paragraph, as a multiset (BODY_WORDS keeps no
    positions, so their order does not count): jieba's search-mode cut, in one call per article,
    of the Han runs with everything else turned into spaces (jieba cuts text between spaces on its
    own, and the whitespace tokenizer drops the spaces it returns), then the Latin/digit runs. One
    call instead of one per run of Han characters cost a fifth less."""
    normalized = [normalize(p) for p in paragraphs]
    joined = " ".join(normalized)
    words_ = " ".join(rjieba.cut_for_search(_NOT_HAN.sub(" ", joined)))
    latin = _LATIN_RUN.findall(joined)
    if latin:
        words_ = f"{words_} {' '.join(latin)}"
    return [_WHITESPACE.sub("", n) for n in normalized], words_


def words(text: str) -> list[str]:
    """jieba search-mode words of normalised text (Han runs) plus Latin/digit runs."""
    return _words_of_normalized(normalize(text))


def analyze_title(title: str) -> tuple[str, str]:
    """A headline as the index takes it, normalising once: its characters (char_tokens of its
    compacted text) and its headline_words, each space-separated."""
    folded = normalize(title)
    return char_tokens(_WHITESPACE.sub("", folded)), " ".join(_headline_words_of_normalized(folded))


def headline_words(text: str) -> list[str]:
    """jieba's accurate-mode words of a headline (no sub-words), plus Latin/digit runs.

    Headlines are indexed whole-word: 白俄罗斯 is not a match of 俄罗斯 there, so the engine
    ranks a headline naming 俄罗斯 above one naming 白俄罗斯 (bigrams still find both).
    """
    return _headline_words_of_normalized(normalize(text))


def _headline_words_of_normalized(folded: str) -> list[str]:
    out: list[str] = []
    for run in _HAN_RUN.findall(folded):
        if "\u3400" <= run[0]:
            out.extend(rjieba.cut(run))
        else:
            out.append(run)
    return out


def _words_of_normalized(folded: str) -> list[str]:
    out: list[str] = []
    for run in _HAN_RUN.findall(folded):
        if "\u3400" <= run[0]:
            out.extend(rjieba.cut_for_search(run))
        else:
            out.append(run)
    return out


def query_words(compacted: str) -> list[str]:
    """Cut one query term (already compacted) into the words that must all appear.

    jieba's accurate mode, no overlaps; punctuation dropped; stop words dropped when other words
    remain; duplicates dropped. A term that is only punctuation gives no words.
    """
    pieces: list[str] = []
    for token in rjieba.cut(compacted):
        token = token.strip()
        if not token or all(unicodedata.category(c)[0] in "PSZ" for c in token):
            continue
        pieces.append(token)
    content = [p for p in pieces if p not in STOP_WORDS]
    chosen = content or pieces
    seen: set[str] = set()
    return [p for p in chosen if not (p in seen or seen.add(p))]


def is_punctuation(text: str) -> bool:
    return bool(text) and all(unicodedata.category(c)[0] in "PSZC" for c in text)
