"""Known-item evaluation: a reader remembers a few words of a headline and expects that article first.

Articles are sampled from an article JSONL corpus with a fixed seed; each gives one query made of
two to four of its title's words (jieba's cut, stop words and punctuation left out), kept in the
title's order or shuffled (alternately). The words are the title's rarest (fewest titles in the
corpus hold them): what a reader remembers of a headline is its names and particulars (赵乐际,
所罗门群岛), not 会见 or 推动; two common words shared by a hundred headlines name no article.
Where the chosen words all stand in another headline too (习近平会见俄罗斯总统 and
李强会见俄罗斯总统 for 俄罗斯 总统), the next rarest word is added, up to four, as a reader adds
what tells the two apart; queries still shared with another headline at four words are counted
and reported as ambiguous. Each query goes through `Archive.search`, the call the
site makes, and the rank of the article is noted. Articles that share a title (新闻联播's
国内联播快讯 and the like) are one known item: any of them found counts, since no reader could
tell them apart by their headline.

Prints MRR@10 (mean of 1/rank, 0 beyond 10), success@1 and @10, and the worst queries.
"""

from __future__ import annotations

import random
import tempfile
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

from .analysis import compact, query_words
from .models import Article
from .results import SearchRequest

DEFAULT_SEED = 20261130
DEFAULT_QUERIES = 300
TOP = 10


@dataclass(frozen=True)
class KnownItem:
    query: str
    article_id: str
    title: str
    shuffled: bool
    ambiguous: bool = False  # another (different) headline holds every query word too


@dataclass(frozen=True)
class Outcome:
    item: KnownItem
    rank: int | None  # 1-based rank of the article (or a same-title twin) in the first TOP, else None
    top_title: str  # what came first instead


@dataclass
class Report:
    outcomes: list[Outcome] = field(default_factory=list)

    @property
    def mrr(self) -> float:
        return sum(1 / o.rank for o in self.outcomes if o.rank) / max(1, len(self.outcomes))

    def success_at(self, k: int) -> float:
        return sum(1 for o in self.outcomes if o.rank and o.rank <= k) / max(1, len(self.outcomes))

    def worst(self, n: int = 15) -> list[Outcome]:
        return sorted((o for o in self.outcomes if o.rank != 1), key=lambda o: -(o.rank or TOP + 1))[:n]


def title_words(title: str) -> list[str]:
    """The words a reader might remember from a headline: jieba's cut, two characters or more."""
    return [w for w in query_words(compact(title)) if len(w) >= 2 and any("\u4e00" <= c <= "\u9fff" or c.isalnum() for c in w)]


def make_items(articles: Sequence[Article], n: int = DEFAULT_QUERIES, seed: int = DEFAULT_SEED) -> list[KnownItem]:
    """n known-item queries from a seeded sample of articles whose titles have two words or more."""
    rng = random.Random(seed)
    cut = {a.id: list(dict.fromkeys(title_words(a.title))) for a in articles if not a.title_derived}
    titles_holding: dict[str, int] = defaultdict(int)
    for words in cut.values():
        for w in words:
            titles_holding[w] += 1
    titles = list({compact(a.title) for a in articles})
    eligible = [a for a in articles if len(cut.get(a.id, ())) >= 2]
    items = []
    for a in rng.sample(eligible, min(n, len(eligible))):
        words = cut[a.id]
        own = compact(a.title)
        by_rarity = sorted(range(len(words)), key=lambda i: (titles_holding[words[i]], i))
        k = rng.randint(2, min(4, len(words)))
        rarest_holders = [t for t in titles if words[by_rarity[0]] in t and t != own]
        while True:
            picked = [words[i] for i in by_rarity[:k]]
            ambiguous = any(all(w in t for w in picked) for t in rarest_holders)
            if not ambiguous or k >= min(4, len(words)):
                break
            k += 1
        chosen = [words[i] for i in sorted(by_rarity[:k])]
        shuffled = len(items) % 2 == 1
        if shuffled:
            rng.shuffle(chosen)
        items.append(KnownItem(" ".join(chosen), a.id, a.title, shuffled, ambiguous))
    return items


def evaluate(archive, items: Iterable[KnownItem], twins: dict[str, set[str]]) -> Report:
    """Run each query through archive.search and note where its article (or a twin) ranks."""
    report = Report()
    for item in items:
        result = archive.search(SearchRequest(q=item.query, per_page=TOP))
        wanted = twins.get(item.article_id, {item.article_id})
        rank = next((i for i, h in enumerate(result.hits, start=1) if h.id in wanted), None)
        report.outcomes.append(Outcome(item=item, rank=rank, top_title=result.hits[0].title if result.hits else ""))
    return report


def same_title_groups(articles: Sequence[Article]) -> dict[str, set[str]]:
    """Article id -> ids of every article with the same (compacted) title."""
    by_title: dict[str, set[str]] = defaultdict(set)
    for a in articles:
        by_title[compact(a.title)].add(a.id)
    return {a.id: by_title[compact(a.title)] for a in articles}


def format_report(report: Report, worst: int = 15) -> str:
    ambiguous = [o for o in report.outcomes if o.item.ambiguous]
    lines = [
        f"known-item queries: {len(report.outcomes)} ({len(ambiguous)} still shared with another headline at four words)",
        f"MRR@{TOP}: {report.mrr:.4f}",
        f"success@1: {report.success_at(1):.4f}",
        f"success@{TOP}: {report.success_at(TOP):.4f}",
    ]
    bad = report.worst(worst)
    if bad:
        lines.append("worst queries (rank, query, [order], wanted title / first title):")
        for o in bad:
            rank = str(o.rank) if o.rank else f">{TOP}"
            order = ("shuffled" if o.item.shuffled else "in order") + (", ambiguous" if o.item.ambiguous else "")
            lines.append(f"  {rank:>4}  {o.item.query}  [{order}]  {o.item.title} / {o.top_title}")
    return "\n".join(lines)


def run_known_items(corpus: str, index_dir: str | None, n: int = DEFAULT_QUERIES, seed: int = DEFAULT_SEED) -> Report:
    """Evaluate on an article JSONL corpus, with its index (built into a temporary one when not given)."""
    from .index import build_index, index_exists
    from .ingest import iter_parsed
    from .archive import Archive

    articles = [a for page in iter_parsed([corpus]) for a in page.articles]
    items = make_items(articles, n, seed)
    twins = same_title_groups(articles)
    if index_dir and index_exists(index_dir):
        return evaluate(Archive.open(index_dir), items, twins)
    with tempfile.TemporaryDirectory(prefix="searchapp-known-items-") as tmp:
        target = Path(index_dir) if index_dir else Path(tmp)
        build_index(iter_parsed([corpus]), target)
        return evaluate(Archive.open(target), items, twins)
