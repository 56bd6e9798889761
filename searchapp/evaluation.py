"""Segmentation measured on pages nobody tuned on: People's Daily, January 1998.

`../shared/corpora/pd1998/make_pages.py` writes seed-shaped pages (article boundaries not
marked) and gold JSON with each article's first line. An article boundary is the line where an
article starts; precision and recall compare ours with the gold ones, page by page. Date
accuracy compares each matched article's date with the gold date (the issue date: PD's
datelines usually name the day before, so a dateline-dated article counts as a miss here).
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .articles import articles_of, check_no_text_lost, segment
from .pages import meta_from_filename, read_page


def _file_lines(text: str) -> list[int]:
    """Line numbers (0-based, in the file) of the non-empty lines, in order."""
    return [n for n, raw in enumerate(text.split("\n")) if raw.strip()]


def evaluate_pages(folder: Path) -> dict:
    pages = sorted((folder / "pages").glob("*.txt"))
    tp = fp = fn = 0
    dates_right = dates_total = 0
    titles_right = titles_total = 0
    lost: list[str] = []
    started = time.perf_counter()
    for path in pages:
        gold = json.loads((folder / "gold" / (path.stem + ".json")).read_text("utf-8"))
        page, _ = read_page(path, path.name, meta_from_filename(path))
        if page is None:
            continue
        builders, _ = segment(page)
        line_of = _file_lines(page.text)
        predicted = {line_of[b.first_line]: b for b in builders}
        parsed = articles_of(page, path.stem)
        lost.extend(check_no_text_lost(page, parsed))
        by_start = {line_of[b.first_line]: a for b, a in zip(builders, parsed.articles)}
        truth = {a["start_line"] - 1: a for a in gold["articles"]}
        tp += len(set(predicted) & set(truth))
        fp += len(set(predicted) - set(truth))
        fn += len(set(truth) - set(predicted))
        for start, g in truth.items():
            mine = by_start.get(start)
            if mine is None:
                continue
            dates_total += 1
            dates_right += mine.date == g["date"]
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
        "date_accuracy": dates_right / dates_total if dates_total else 0.0,
        "dates_checked": dates_total,
        "title_accuracy": titles_right / titles_total if titles_total else 0.0,
        "titles_checked": titles_total,
        "pages_losing_text": len(lost),
        "text_problems": lost[:20],
        "seconds": time.perf_counter() - started,
    }


def evaluate_pd1998(src: str, limit_pages: int | None = None) -> dict:
    """Write PD1998 pages with make_pages.py (beside `src`) into a temp dir and score them."""
    src_path = Path(src)
    maker = src_path.parent / "make_pages.py"
    with tempfile.TemporaryDirectory(prefix="pd1998-") as tmp:
        cmd = [sys.executable, str(maker), "--src", str(src_path), "--out", tmp]
        if limit_pages:
            cmd += ["--limit-pages", str(limit_pages)]
        subprocess.run(cmd, check=True, capture_output=True)
        return evaluate_pages(Path(tmp))


def format_report(r: dict) -> str:
    lines = [
        f"pages: {r['pages']}  gold articles: {r['gold_articles']}  predicted: {r['predicted_articles']}",
        f"article boundaries: precision {r['boundary_precision']:.3f}  recall {r['boundary_recall']:.3f}  F1 {r['boundary_f1']:.3f}",
        f"dates: {r['date_accuracy']:.3f} of {r['dates_checked']} matched articles equal the gold (issue) date",
        f"titles: {r['title_accuracy']:.3f} of {r['titles_checked']} matched titled articles equal the gold title",
        f"no text lost: {r['pages'] - r['pages_losing_text']} of {r['pages']} pages pass",
        f"({r['seconds']:.1f} s)",
    ]
    lines += [f"  {p}" for p in r["text_problems"]]
    return "\n".join(lines)
