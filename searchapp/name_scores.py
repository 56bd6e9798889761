"""The numeric scorers of people's names, each over many positions at once with numpy: where a
name may start (`StartScorer`, a linear model over the characters around every possible first
character) and how long it is (`LengthScorer`, `people.PeopleFinder.scored` for every start of a
batch of texts, the same to the bit). people.py decides with their scores; names.py holds the
trained weights they read.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from . import names
from .districts import _jieba_dictionary
from .resources import derived

if TYPE_CHECKING:
    from .people import PeopleFinder

MAX_FOREIGN = 8  # characters of a transliterated name considered at most (谢瓦尔德纳泽 is 6)
MAX_DOTTED = 14  # and of one written in parts (阿不都热依木·阿吉依明 is 11)


_GAP = "\x00"  # between texts scored together (candidates_many): a character no model has seen


def _bmp(text: str) -> np.ndarray:
    """The text's code points, those beyond the Basic Multilingual Plane as U+FFFF (no name's
    character, no context's): indexes into the per-character tables."""
    return np.minimum(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32), 0xFFFF)


class StartScorer:
    """Where a name may start, scored for every possible first character at once (numpy): a linear
    model over the characters at offsets -2..+3 and the character pairs (-2,-1), (-1,0), (0,1) and
    (1,2) around it, trained on the same days (`names.PeopleModel.start_model`). A position scoring
    above its threshold becomes a candidate whatever word stands before it (会见李鹏, 表示), beside
    the fixed contexts; the length scorer then decides. Vectorised because a per-character Python
    loop over a 37.7 M character corpus would cost seconds of build per million characters."""

    OFFSETS = (-2, -1, 0, 1, 2, 3)
    PAIRS = ((-2, -1), (-1, 0), (0, 1), (1, 2))
    PAD = 3

    def __init__(self, raw: dict, starts: str):
        vocab = raw["vocab"]
        self.size = len(vocab) + 1  # id 0: a character never seen in training
        table = np.zeros(0x10000, dtype=np.int32)
        for i, c in enumerate(vocab, 1):
            if ord(c) < 0x10000:
                table[ord(c)] = i
        self.table = table
        can_start = np.zeros(self.size, dtype=bool)
        for c in starts:
            if table[ord(c)]:
                can_start[table[ord(c)]] = True
        self.can_start = can_start
        self.unigram = np.array(raw["unigram"], dtype=np.float32).reshape(len(self.OFFSETS), self.size)
        # Sorted, closed by a key above any (weight 0): a look-up past the last key needs no clipping.
        pairs = [*sorted((int(k), v) for k, v in raw["pairs"].items()), (np.iinfo(np.int64).max, 0.0)]
        self.pair_keys = np.array([k for k, _ in pairs], dtype=np.int64)
        self.pair_values = np.array([v for _, v in pairs], dtype=np.float32)
        self.bias = float(raw["bias"])
        self.threshold = float(raw["threshold"])
        self.floor = float(raw.get("floor", -1e9))  # below it even a fixed context opens no candidate
        self._unigram_flat = self.unigram.ravel()
        # Ids, keys and look-ups in 32 bits where every pair key fits (3,828 characters: 58.6 M
        # keys): half the memory the build reads per article.
        dtype = np.int32 if len(self.PAIRS) * self.size * self.size < np.iinfo(np.int32).max else np.int64
        self._dtype = dtype
        self._table = table.astype(dtype)
        self._start_table = can_start[table]  # by code point: whether it may open a name
        self._pairs = _HashTable(self.pair_keys[:-1], self.pair_values[:-1], dtype)
        self._near = (np.array(self.OFFSETS) + self.PAD).astype(dtype)[:, None]  # offsets in the padded ids
        self._urows = (np.arange(len(self.OFFSETS)) * self.size).astype(dtype)[:, None]  # each offset's unigram row
        self._prows = (np.arange(len(self.PAIRS)) * self.size).astype(dtype)[:, None]  # each pair's first key
        # The pairs are neighbours in OFFSETS: their first and second ids are two slices of `near`.
        assert [(self.OFFSETS.index(x), self.OFFSETS.index(y)) for x, y in self.PAIRS] == [(i, i + 1) for i in range(len(self.PAIRS))]

    def ids(self, text: str, bmp: np.ndarray | None = None) -> np.ndarray:
        bmp = _bmp(text) if bmp is None else bmp
        ids = np.zeros(len(bmp) + 2 * self.PAD, dtype=np.int64)
        ids[self.PAD : self.PAD + len(bmp)] = self.table[bmp]
        return ids

    def scores(self, text: str, bmp: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
        """(positions, scores) of every character that may open a name: one gather for the
        characters, one hash look-up for the pairs (`_HashTable`; few numpy calls: most articles are short).
        `bmp`: the text's `_bmp`, where the caller has it."""
        bmp = _bmp(text) if bmp is None else bmp
        at = np.flatnonzero(self._start_table[bmp])
        if not len(at):
            return at, np.zeros(0, dtype=np.float32)
        ids = np.zeros(len(bmp) + 2 * self.PAD, dtype=self._dtype)
        ids[self.PAD : self.PAD + len(bmp)] = self._table[bmp]
        near = ids[at + self._near]  # (offsets, positions): the character ids around each
        s = self._unigram_flat[near + self._urows].sum(axis=0) + self.bias
        if len(self.pair_keys) > 1:
            pairs = len(self.PAIRS)
            keys = ((self._prows + near[:pairs]) * self.size + near[1 : pairs + 1]).ravel()
            s += self._pairs.values(keys).reshape(pairs, -1).sum(axis=0)
        return at, s

    def candidates(self, text: str) -> list[int]:
        at, s = self.scores(text)
        return at[s > self.threshold].tolist()

    @classmethod
    def features(cls, ids, p: int, size: int) -> list[int]:
        """The feature numbers of position p (of padded ids), as training sees them: unigram
        t*size+id, then pairs offset past the unigrams."""
        f = [t * size + int(ids[p + off]) for t, off in enumerate(cls.OFFSETS)]
        base = len(cls.OFFSETS) * size
        for t, (a, b) in enumerate(cls.PAIRS):
            f.append(base + (t * size + int(ids[p + a])) * size + int(ids[p + b]))
        return f


class _HashTable:
    """Values by integer key, looked up for many keys at once, as a cuckoo hash: each key in one of
    two slots (two multiplicative hashes), so a look-up is two gathers whatever the key. A sorted
    search over the start scorer's 16,454 pair keys cost the build more: ~380 keys an article,
    each a dozen steps apart in memory (5-10% of the extraction on xwlb). Placed with numpy, all
    keys at once in rounds: jieba's 245,000 words (`LengthScorer`) placed one by one in Python
    would cost every process's load a second. 0 for a key without a value."""

    SALTS = (np.uint64(0x9E3779B97F4A7C15), np.uint64(0xC2B2AE3D27D4EB4F))

    def __init__(self, keys: np.ndarray, values: np.ndarray, dtype=np.int64):
        bits = max(4, (2 * len(keys)).bit_length())  # at most half full
        while (owner := self._place(keys, bits)) is None:
            bits += 1  # a cycle: twice the slots (never seen with the shipped model)
        self._shift = np.uint64(64 - bits)
        placed = owner >= 0
        self._keys = np.full(len(owner), -1, dtype=dtype)
        self._keys[placed] = keys[owner[placed]]
        self._values = np.zeros(len(owner), dtype=values.dtype)
        self._values[placed] = values[owner[placed]]

    def _slots(self, keys: np.ndarray, shift: np.uint64) -> list[np.ndarray]:
        wide = keys.astype(np.uint64)
        return [((wide * salt) >> shift).astype(np.intp) for salt in self.SALTS]

    def _place(self, keys: np.ndarray, bits: int) -> np.ndarray | None:
        """The index of the key in each slot (-1: none), placed in rounds: each key waiting takes
        its slot on its side, one of those taking the same slot keeps it, and the others with
        the keys pushed out try their other slot the next round; None where keys still wait
        after 500 rounds."""
        slots = np.stack(self._slots(keys, np.uint64(64 - bits)))
        owner = np.full(1 << bits, -1)
        side = np.zeros(len(keys), dtype=np.intp)
        waiting = np.arange(len(keys))
        for _ in range(500):
            if not len(waiting):
                return owner
            at = slots[side[waiting], waiting]
            before = owner[at]
            owner[at] = waiting
            kept = owner[at] == waiting
            pushed = before[kept]
            waiting = np.concatenate((waiting[~kept], pushed[pushed >= 0]))
            side[waiting] ^= 1
        return None

    def values(self, keys: np.ndarray) -> np.ndarray:
        """The value of each key (an array of any shape), 0 where none."""
        a, b = self._slots(keys, self._shift)
        at = np.where(self._keys[a] == keys, a, b)
        return np.where(self._keys[at] == keys, self._values[at], self._values.dtype.type(0))


def _packed(strings) -> np.ndarray:
    """Strings of up to three characters (each below U+FFFF) as the numbers the length scorer
    looks them up by: their code points as the digits of a number in base 2^16."""
    codes = np.frombuffer("".join(s.rjust(3, "\0") for s in strings).encode("utf-32-le"), dtype=np.uint32)
    assert codes.max(initial=0) < 0xFFFF  # U+FFFF stands for what no key holds (`LengthScorer.scored`)
    codes = codes.astype(np.int64).reshape(-1, 3)
    return codes[:, 0] << 32 | codes[:, 1] << 16 | codes[:, 2]


class LengthScorer:
    """`PeopleFinder.scored` for every start of a text at once, the same to the bit: each feature's
    string (up to three characters, `_packed`) is looked up in a table of the weights by template
    and one of jieba's words and tags (`_HashTable`), one character's weights in a matrix, and
    each length's weights are added in the order `scored` adds them (float64 additions of the same
    numbers in the same order: the same sums). A Python call per start was two thirds of `found`'s
    time on 新闻联播. A name of four characters or more (one length in ten) reads its own weight
    and tag in Python."""

    # The templates of one character (or none), then those of more: the start's, then the length's.
    CHARS = ("l1", "f", "g", "h", "r1", "e", "frc", "frt")
    TEMPLATES = ("l2", "lf", "r2", "w", "er")

    def __init__(self, finder: PeopleFinder, model_file: Path | None = None):
        self.finder = finder
        weights = finder._by_prefix
        # A column a character (0: one no template knows; 1: none, the text's edge or a line's).
        chars = sorted({k for t in self.CHARS for k in weights[t] if len(k) == 1})
        self._column = np.zeros(0x10000, dtype=np.int16)
        self._column[[0, *map(ord, chars)]] = np.arange(1, len(chars) + 2)
        self._by_char = np.array([[0.0, *(weights[t].get(c, 0.0) for c in ("", *chars))] for t in self.CHARS])
        self._rows = np.arange(len(self.CHARS))[:, None]
        self._templates = np.arange(len(self.TEMPLATES))[:, None] << 48
        tags = [None, *sorted(set(finder.words.values()) | set(finder.tags.values()))]
        self._number = {tag: i for i, tag in enumerate(tags)}
        # The two hash tables cost a process's start 0.1 s: for the shipped model (read from
        # `model_file`) they are kept in the user's cache, keyed by it, jieba's dictionary and the
        # code that makes them (names.py's views of jieba, this module).
        if model_file is None:
            self._weights, self._tags = self._tables()
        else:
            self._weights, self._tags = derived("length-tables", (model_file, _jieba_dictionary(), Path(names.__file__), Path(__file__)), "", self._tables)
        g = finder.weights.get
        self._by_tag = {k: np.array([g(k + (t or "-"), 0.0) for t in tags]) for k in ("lt", "rt", "j", "jr")}
        self._bits = {k: np.array(v) for k, v in (*finder._bits2.items(), *finder._bits3.items())}
        self._by_bucket = {b: weights["s"].get(b, 0.0) for b in ("-", *map(str, range(-6, 7)))}  # every `_bucket`
        self._length = np.array(finder._length_weights)
        self._run = np.array(finder._run_weights)
        self._han = np.zeros(0x10000, dtype=bool)
        self._han[0x4E00:0xA000] = True
        self._translit = np.zeros(0x10000, dtype=bool)
        self._translit[[ord(c) for c in finder.translit]] = True
        self._surname = np.zeros(0x10000, dtype=bool)
        self._surname[[ord(c) for c in names.SURNAMES]] = True
        self._compound = np.sort(_packed(names.COMPOUND_SURNAMES))

    def _tables(self) -> tuple[_HashTable, _HashTable]:
        """The weights of the templates of more than one character, by string (the template's
        number above it); jieba's words (whether a string is one, and its tag) and tags (1 << 48
        above the string), by the tag's number (0: none)."""
        finder = self.finder
        keys, values = [], []
        for i, template in enumerate(self.TEMPLATES):
            table = {k: v for k, v in finder._by_prefix[template].items() if len(k) <= 3}
            keys.append(_packed(table) | i << 48)  # the template's number above the string
            values += table.values()
        short_tags = {k: v for k, v in finder.tags.items() if len(k) <= 3}
        return _HashTable(np.concatenate(keys), np.array(values, dtype=np.float64)), _HashTable(
            np.concatenate((_packed(finder.words), _packed(short_tags) | 1 << 48)),
            np.array([self._number[t] for t in (*finder.words.values(), *short_tags.values())], dtype=np.int8))

    def scored(self, text: str, at: np.ndarray, buckets: list[str], lo: np.ndarray, hi: np.ndarray) -> tuple[list[int], list[float]]:
        """`scored(text[lo:hi], p - lo, bucket)` for each start p of `at` (its text from lo to hi,
        two characters at least around it that no text reads: `candidates_many`'s gaps). Where a
        string would reach outside its text, or over a line's end where `scored` cuts it, the
        characters beyond are left out of its key (0)."""
        finder = self.finder
        if not len(at):
            return [], []
        codes = _bmp(text).astype(np.int64)
        codes[codes == 0] = 0xFFFF  # the gap, as no key's character
        b2, b1, c0, c1, c2, c3 = codes[at + np.arange(-2, 4)[:, None]]
        # The lengths at each start (`lengths`), a row of 0..MAX_DOTTED each.
        han = np.logical_and.accumulate(self._han[np.stack([c0, c1, c2, c3])])  # han[k]: k + 1 Han characters from the start
        head = c0 << 16 | c1
        compound = self._compound[np.searchsorted(self._compound[:-1], head)] == head
        surname = self._surname[c0] & ~compound
        nickname = ~compound & ~surname & ((c0 == ord("老")) | (c0 == ord("小"))) & self._surname[c1]
        stops = np.flatnonzero(~self._translit[codes])
        run = stops[np.searchsorted(stops, at)] - at
        dots = np.cumsum(codes == ord("·"))
        dotted = (dots[at + run - 1] > dots[at - 1])[:, None]
        n = np.arange(len(self._length))
        top = np.minimum(run[:, None], np.where(dotted, MAX_DOTTED, MAX_FOREIGN))
        lengths = (n >= 2) & (n <= top) & (dotted | (n <= 6) | (n == top))  # `_foreign_lengths`
        lengths[:, 2] |= surname & han[1] | nickname
        lengths[:, 3] |= (compound | surname) & han[2]
        lengths[:, 4] |= compound & han[3]
        # What the lengths at a start share (`shared`), and a name of three's own weights.
        has_b1 = (at - 1 >= lo) & (b1 != 10)
        before = np.where(has_b1 & (at - 2 >= lo) & (b2 != 10), b2 << 16 | b1, np.where(has_b1, b1, 0))
        across = np.where(at - 1 >= lo, b1 << 16 | c0, c0)  # text[p - 1 : p + 1]
        keys = np.stack([before, across, head | 1 << 48, c1 << 16 | c2, head])
        before_tag, across_tag, head_tag, tail_tag, head_word = self._tags.values(keys)
        w_l1, w_f, w_g, w_h = self._by_char[self._rows[:4], self._column[np.stack([np.where(has_b1, b1, 0), c0, np.where(at + 1 < hi, c1, 0), c2])]]
        w_l2, w_lf = self._weights.values(np.stack([before, np.where(has_b1, b1 << 16 | c0, c0)]) | self._templates[:2])
        bits, by_tag = self._bits, self._by_tag
        base = (
            finder._bias + w_l1 + w_l2 + w_f + w_lf + w_g + np.array(list(map(self._by_bucket.__getitem__, buckets)))
            + bits["xl"][(across_tag > 0) * 2 + (before_tag > 0)] + by_tag["lt"][before_tag]
        )
        w_jr, w_x3 = by_tag["jr"][head_tag], bits["x3"][(tail_tag > 0) * 2 + (head_word > 0)]
        # Each length's own (`features`).
        row, n = np.nonzero(lengths)
        e, hi, run = at[row] + n, hi[row], run[row]
        last, a1, a2, a3 = codes[e + np.arange(-1, 3)[:, None]]
        has_a1 = (e < hi) & (a1 != 10)
        after = np.where(has_a1 & (e + 1 < hi) & (a2 != 10), a1 << 16 | a2, np.where(has_a1, a1, 0))
        r1 = np.where(has_a1, a1, 0)
        name = np.where(n == 2, head[row], (head << 16 | c2)[row])
        across = np.where(e < hi, last << 16 | a1, last)  # text[p + n - 1 : p + n + 1]
        next3 = np.where(e + 2 < hi, (a1 << 16 | a2) << 16 | a3, np.where(e + 1 < hi, a1 << 16 | a2, np.where(e < hi, a1, 0)))  # text[p + n : p + n + 3]
        after_tag, name_tag, across_tag, next3_tag = self._tags.values(np.stack([after, name | 1 << 48, across, next3]))
        w_r1, w_e, w_frc, w_frt = self._by_char[self._rows[4:], self._column[np.stack([r1, last, r1, r1])]]
        w_r2, w_w, w_er = self._weights.values(np.stack([after, name, np.where(has_a1, last << 16 | a1, last)]) | self._templates[2:])
        long = np.flatnonzero(n > 3)
        if len(long):  # the name whole, longer than a key
            strings = [text[a:b] for a, b in zip((e[long] - n[long]).tolist(), e[long].tolist())]
            weights, tags, number = finder._by_prefix["w"], finder.tags, self._number
            w_w[long] = [weights.get(s, 0.0) for s in strings]
            name_tag[long] = [number[tags.get(s)] for s in strings]
        foreign = run >= n
        s = (
            base[row] + self._length[n, foreign.astype(np.intp)] + w_r1 + w_r2 + w_w + by_tag["j"][name_tag]
            + np.where(foreign, w_frt, w_frc) + w_e + bits["xr"][(across_tag > 0) * 4 + (after_tag > 0) * 2 + (next3_tag > 0)]
            + by_tag["rt"][after_tag] + w_er
        )
        three = n == 3
        s = np.where(three, s + w_h[row], s)
        s = np.where(three, s + w_jr[row], s)
        s = np.where(three, s + w_x3[row], s)
        s = np.where(run > 0, s + self._run[(run == n).astype(np.intp), np.minimum(run, 5)], s)
        # The best length at each start: the first of the highest score, where above the threshold.
        scores = np.full(lengths.shape, -np.inf)
        scores[row, n] = s
        high = scores.max(axis=1)
        threshold = finder.model.threshold
        above = high > threshold
        return (np.where(above, scores.argmax(axis=1), 0).tolist(),
                np.where(above, high, np.where(lengths.any(axis=1), threshold, 0.0)).tolist())
