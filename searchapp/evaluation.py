"""Segmentation measured on pages nobody tuned on: People's Daily, January 1998.

`../shared/corpora/pd1998/make_pages.py --halfwidth` writes seed-shaped pages (article
boundaries not marked) and gold JSON with each article's lines. Two sets are scored apart:
the tuning days 01-20 (the segmentation model was trained and its margins chosen on them) and
the held-out days 21-31 (never looked at while building). For each:

* boundaries: an article boundary is the line where an article starts; precision and recall
  compare ours with the gold ones, page by page;
* titles: for gold articles that have a title (make_pages' heuristic: a short first line), the
  share whose matched article has exactly that title;
* byline titles: our articles whose (printed) title is a byline or a bare name: must be 0;
* outside: the share of gold paragraphs that land in no article (page labels);
* dates: the share of matched articles filed under the right date: the issue date that the
  facets, filters and sorting use; beside it, the share whose `date` (the dateline's date where
  the text gives one) is the issue date or at most a week before it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import rjieba

from .articles import build_articles, check_no_text_lost, looks_like_byline, looks_like_name, segment
from .pages import meta_from_filename, read_page

TUNING_DAYS = range(1, 21)
HELD_OUT_DAYS = range(21, 32)


def _file_lines(text: str) -> list[int]:
    """Line numbers (0-based, in the file) of the non-empty lines, in order."""
    return [n for n, raw in enumerate(text.split("\n")) if raw.strip()]


def is_byline_title(title: str) -> bool:
    """A title that is really a byline or an author's bare name (jieba tags every word of it a person name)."""
    bare = re.sub(r"\s", "", title)
    if looks_like_byline(title):
        return True
    if re.search(r"[的之与和在是了不们地得]", bare):  # never in a name
        return False
    return looks_like_name(bare) and all(tag.startswith("nr") or len(word) == 1 for word, tag in rjieba.tag(bare))


def evaluate_pages(folder: Path) -> dict:
    """Score every page under folder/pages against folder/gold."""
    pages = sorted((folder / "pages").glob("*.txt"))
    tp = fp = fn = 0
    dates_right = dateline_plausible = dates_total = 0
    titles_right = titles_total = 0
    byline_titles: list[str] = []
    gold_paragraphs = outside = 0
    lost: list[str] = []
    started = time.perf_counter()
    for path in pages:
        gold = json.loads((folder / "gold" / (path.stem + ".json")).read_text("utf-8"))
        page, _ = read_page(path, path.name, meta_from_filename(path))
        if page is None:
            continue
        builders, labels = segment(page)
        parsed = build_articles(page, path.stem, builders, labels)
        lost.extend(check_no_text_lost(page, parsed))
        line_of = _file_lines(page.text)
        by_start = {line_of[b.first_line]: a for b, a in zip(builders, parsed.articles)}
        truth = {g["start_line"] - 1: g for g in gold["articles"]}
        tp += len(set(by_start) & set(truth))
        fp += len(set(by_start) - set(truth))
        fn += len(set(truth) - set(by_start))
        byline_titles += [a.title for a in parsed.articles if not a.title_derived and is_byline_title(a.title)]
        label_lines = {label for label in parsed.labels}
        for g in gold["articles"]:
            gold_paragraphs += len(g["paragraphs"])
            outside += sum(1 for p in g["paragraphs"] if p.strip() in label_lines)
        for start, g in truth.items():
            mine = by_start.get(start)
            if mine is None:
                continue
            dates_total += 1
            dates_right += mine.issue_date == g["date"]
            if mine.date:
                lag = (dt.date.fromisoformat(g["date"]) - dt.date.fromisoformat(mine.date)).days
                dateline_plausible += 0 <= lag <= 7
            if g.get("has_title"):
                titles_total += 1
                titles_right += mine.title == g["title"]
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    return {
        "pages": len(pages),
        "gold_articles": tp + fn,
        "predicted_articles": tp + fp,
        "boundary_precision": precision,
        "boundary_recall": recall,
        "boundary_f1": 2 * precision * recall / (precision + recall) if precision + recall else 0.0,
        "title_accuracy": titles_right / titles_total if titles_total else 0.0,
        "titles_checked": titles_total,
        "byline_titles": len(byline_titles),
        "byline_title_examples": byline_titles[:10],
        "outside_share": outside / gold_paragraphs if gold_paragraphs else 0.0,
        "outside_paragraphs": outside,
        "gold_paragraphs": gold_paragraphs,
        "date_accuracy": dates_right / dates_total if dates_total else 0.0,
        "dateline_plausible": dateline_plausible / dates_total if dates_total else 0.0,
        "dates_checked": dates_total,
        "pages_losing_text": len(lost),
        "text_problems": lost[:20],
        "seconds": time.perf_counter() - started,
    }


def _days(days: range) -> str:
    return ",".join(f"199801{d:02d}" for d in days)


def evaluate_pd1998(src: str, limit_pages: int | None = None) -> dict[str, dict]:
    """Write PD1998 pages with make_pages.py (beside `src`) and score tuning and held-out days apart."""
    src_path = Path(src)
    maker = src_path.parent / "make_pages.py"
    results = {}
    for name, days in (("tuning", TUNING_DAYS), ("held_out", HELD_OUT_DAYS)):
        with tempfile.TemporaryDirectory(prefix="pd1998-") as tmp:
            cmd = [sys.executable, str(maker), "--src", str(src_path), "--out", tmp, "--halfwidth", "--dates", _days(days)]
            if limit_pages:
                cmd += ["--limit-pages", str(limit_pages)]
            subprocess.run(cmd, check=True, capture_output=True)
            results[name] = evaluate_pages(Path(tmp))
    return results


TARGETS = {"boundary_f1": 0.93, "title_accuracy": 0.90, "byline_titles": 0, "outside_share": 0.005, "date_accuracy": 0.97}


def meets_targets(r: dict) -> dict[str, bool]:
    """Each held-out target: met or not."""
    return {
        "boundary_f1": r["boundary_f1"] >= TARGETS["boundary_f1"],
        "title_accuracy": r["title_accuracy"] >= TARGETS["title_accuracy"],
        "byline_titles": r["byline_titles"] == 0,
        "outside_share": r["outside_share"] <= TARGETS["outside_share"],
        "date_accuracy": r["date_accuracy"] >= TARGETS["date_accuracy"],
    }


def format_one(name: str, r: dict) -> list[str]:
    lines = [
        f"== {name}: {r['pages']} pages, {r['gold_articles']} gold articles, {r['predicted_articles']} predicted",
        f"  boundaries: precision {r['boundary_precision']:.3f}  recall {r['boundary_recall']:.3f}  F1 {r['boundary_f1']:.3f}",
        f"  titles: {r['title_accuracy']:.3f} of {r['titles_checked']} matched titled articles equal the gold title",
        f"  byline or bare-name titles: {r['byline_titles']}" + (f"  ({', '.join(r['byline_title_examples'])})" if r["byline_titles"] else ""),
        f"  paragraphs outside every article: {r['outside_share']:.2%} ({r['outside_paragraphs']} of {r['gold_paragraphs']})",
        f"  dates: {r['date_accuracy']:.3f} of {r['dates_checked']} matched articles filed under the gold issue date;"
        f" {r['dateline_plausible']:.3f} dated on it or up to 7 days before (datelines)",
        f"  no text lost: {r['pages'] - r['pages_losing_text']} of {r['pages']} pages pass  ({r['seconds']:.1f} s)",
    ]
    lines += [f"    {p}" for p in r["text_problems"]]
    return lines


def format_report(results: dict[str, dict]) -> str:
    lines: list[str] = []
    labels = {"tuning": "tuning days 01-20 (trained and tuned on)", "held_out": "held-out days 21-31"}
    for name, r in results.items():
        lines += format_one(labels.get(name, name), r)
    if "held_out" in results:
        met = meets_targets(results["held_out"])
        lines.append(
            "held-out targets (F1 >= 0.93, titles >= 0.90, 0 byline titles, <= 0.5% outside, dates >= 0.97): "
            + ", ".join(f"{k} {'met' if ok else 'MISSED'}" for k, ok in met.items())
        )
    return "\n".join(lines)
