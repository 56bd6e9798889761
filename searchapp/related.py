"""Related articles: a handful of other articles that share an article's rarest words, people,
organisations and places (for a continued article, its other part first).

Engine-neutral, above the engines: the candidates are every article holding the rarest features
(as many features as keep them within RELATED_SCAN), whatever an engine would score them, and
each is scored here from its stored fields, so both engines give the same list. The Archive
(archive.py) calls `related_articles(archive, article)` for the article view.
"""

from __future__ import annotations

import math

from . import analysis
from . import index as ix
from .engines.base import Match, SortKey, Stored
from .models import Article, District
from .query import Clause, Or
from .results import Related
from .trends import iso_date

# Related articles (Archive.related): how many, from how many candidates, on which features.
RELATED_SIZE = 5
RELATED_SCAN = 300  # candidates read and scored in the flow: the articles holding the rarest features
RELATED_WORDS = 8  # the article's words of highest tf-idf (found in other articles too)
RELATED_NAMES = 10  # of each kind: people, organisations, places
RELATED_FEATURE_WEIGHT = {"person": 1.5, "org": 1.0, "place": 0.6, "word": 1.0}
RELATED_MIN_SCORE = 5.0  # less than this in common (or one thing only) is not related
RELATED_MIN_SHARED = 2
ORDER = (SortKey(ix.ARTICLE_ORD),)  # any order will do: every candidate is read, then sorted by score and id


def related_articles(archive, article: Article) -> tuple[Related, ...]:
        """Up to RELATED_SIZE other articles that share the article's rarest words, its people,
        organisations and places: for a continued article its other part first.

        The candidates are every article holding one of the rarest features (as many features as
        keep them within RELATED_SCAN), whatever an engine would score them; each is scored here,
        from its stored fields, by the inverse document frequency of each feature it shares (a
        person counts more than a place), so both engines give the same list; ties go by id. Too little in common (less than
        RELATED_MIN_SCORE) is not related: an article with nothing near it has none.
        """
        archive.engine.generation()
        out: list[Related] = []
        for link in archive.continuations(article):
            stored = archive.lookup(link[0], paragraphs=False) if link else None
            if stored is not None:
                out.append(_related_of(stored, True, ()))
        features = _features(archive, article)
        if not features:
            return tuple(out)
        skip = {article.id} | {r.id for r in out}
        # The candidates must not depend on an engine's scores (both engines show the same list):
        # every article holding one of the rarest features, as many of them as keeps that set
        # within RELATED_SCAN (the count falls as common features are left out), read whole.
        rarest = sorted(features, key=lambda f: (-f[3], f[2]))

        def holding(k: int) -> Match:
            return Match(Or(tuple(Clause(raw=t, text=t, words=(t,), phrase=True) for _, _, t, _ in rarest[:k])))

        low, high = 1, len(rarest)
        while low < high:  # the most features whose articles number at most RELATED_SCAN
            mid = (low + high + 1) // 2
            if archive.engine.count(holding(mid)) <= RELATED_SCAN:
                low = mid
            else:
                high = mid - 1
        if archive.engine.count(holding(low)) > RELATED_SCAN:
            return tuple(out)
        scored = []
        for stored in archive.engine.scan(holding(low), ORDER, paragraphs=True):
            meta = stored.meta
            if meta["id"] in skip:
                continue
            text = analysis.normalize("\n".join([meta["title"], meta.get("kicker") or "", meta.get("deck") or "", *(stored.paragraphs or ())]))
            held = {
                "person": set(meta.get("people") or ()),
                "org": set(meta.get("organisations") or ()),
                "place": {"/".join(District(**d).path) for d in meta.get("districts", [])},
            }
            shared = [(weight, label) for kind, value, label, weight in features
                      if (value in held[kind] if kind != "word" else value in text)]
            score = sum(w for w, _ in shared)
            if score >= RELATED_MIN_SCORE and len(shared) >= RELATED_MIN_SHARED:
                scored.append((-round(score, 6), meta["id"], stored, tuple(label for _, label in shared[:4])))
        scored.sort(key=lambda t: (t[0], t[1]))
        out.extend(_related_of(stored, False, shared) for _, _, stored, shared in scored[: RELATED_SIZE - len(out)])
        return tuple(out[:RELATED_SIZE])

def _features(archive, article: Article) -> list[tuple[str, str, str, float]]:
        """(kind, value, literal, weight) of what relates another article to this one, best first:
        its people, organisations and places (the unit printed) and its words of highest tf-idf,
        each weighted by its idf, and only those some other article holds too."""
        found: list[tuple[str, str, str, float]] = []
        places = {"/".join(d.path): d.name for d in article.districts if d.path}
        for kind, field, values in (
            ("person", ix.PERSON, list(article.people)),
            ("org", ix.ORG, list(article.organisations)),
            ("place", ix.DISTRICT, list(places)),
        ):
            values = values[: 4 * RELATED_NAMES]
            if not values:
                continue
            n, freqs = archive.engine.word_frequencies(field, values)
            ranked = sorted((v for v in values if freqs.get(v, 0) > 1), key=lambda v: (freqs[v], v))[:RELATED_NAMES]
            for v in ranked:
                found.append((kind, v, places.get(v, v), RELATED_FEATURE_WEIGHT[kind] * _idf(n, freqs[v])))
        tf: dict[str, int] = {}
        for w in analysis.headline_words("\n".join([article.title, *article.paragraphs])):  # whole words, no sub-words
            if len(w) > 1 and not w.isdigit() and not analysis.is_punctuation(w):
                tf[w] = tf.get(w, 0) + 1
        candidates = sorted(tf, key=lambda w: (-tf[w], w))[:200]
        if candidates:
            n, freqs = archive.engine.word_frequencies(ix.BODY_WORDS, candidates)
            names = {text for _, _, text, _ in found}
            ranked = sorted(
                ((1 + math.log(tf[w])) * _idf(n, freqs[w]), w) for w in candidates if freqs.get(w, 0) > 1 and w not in names
            )
            for weight, w in sorted(ranked, key=lambda t: (-t[0], t[1]))[:RELATED_WORDS]:
                found.append(("word", w, w, RELATED_FEATURE_WEIGHT["word"] * _idf(n, freqs[w])))
        return found


def _idf(n: int, df: int) -> float:
    """BM25's inverse document frequency (as Archive.word_weights)."""
    return math.log(1 + (max(1, n) - df + 0.5) / (df + 0.5))


def _related_of(stored: Stored, continuation: bool, shared: tuple[str, ...]) -> Related:
    meta = stored.meta
    return Related(
        id=meta["id"], title=meta["title"], date=iso_date(stored.date_ord) if stored.date_ord else None,
        newspaper=meta.get("newspaper"), page_no=meta.get("page_no"), continuation=continuation, shared=shared,
    )
