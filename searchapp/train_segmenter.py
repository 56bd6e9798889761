"""Retrain the article-start model on People's Daily 1998-01-01..20 (never the held-out 21..31).

    python -m searchapp.train_segmenter ../shared/corpora/pd1998/199801.utf8.txt.xz [--out searchapp/data/segmenter.json]

Pages and gold come from `make_pages.py --halfwidth --dates 19980101..19980120` (beside the
corpus file). Each non-empty line is one example: does a gold article start there? An
averaged perceptron (a few passes, fixed shuffling seed, so the same data gives the same
file) learns the weights; `--dev` holds out days 16-20 of the tuning days and prints
line-level precision/recall on them, to choose features without touching days 21-31.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

from .perceptron import averaged_perceptron
from .segmentation import MODEL_PATH, features, score, shapes_of

TRAIN_DAYS = range(1, 21)
EPOCHS = 8
SEED = 1998


def pages_with_gold(corpus: Path, days: range, out: Path) -> list[tuple[str, list[str], set[int]]]:
    """(page name, non-empty lines, indexes of the lines where a gold article starts) per page."""
    dates = ",".join(f"199801{d:02d}" for d in days)
    maker = corpus.parent / "make_pages.py"
    subprocess.run([sys.executable, str(maker), "--src", str(corpus), "--out", str(out), "--halfwidth", "--dates", dates], check=True, capture_output=True)
    found = []
    for path in sorted((out / "pages").glob("*.txt")):
        gold = json.loads((out / "gold" / (path.stem + ".json")).read_text("utf-8"))
        raw = path.read_text("utf-8").split("\n")
        file_line = [n for n, t in enumerate(raw) if t.strip()]
        gold_starts = {a["start_line"] - 1 for a in gold["articles"]}
        lines = [raw[n].strip() for n in file_line]
        found.append((path.stem, lines, {i for i, n in enumerate(file_line) if n in gold_starts}))
    return found


def examples(pages) -> list[tuple[list[str], bool]]:
    out = []
    for _, lines, starts in pages:
        shapes = shapes_of(lines)
        out += [(features(shapes, i), i in starts) for i in range(len(lines))]
    return out


def train(data: list[tuple[list[str], bool]], epochs: int = EPOCHS) -> dict[str, float]:
    """Averaged perceptron (perceptron.py), weights rounded to four places, the negligible dropped."""
    return {f: round(avg, 4) for f, avg in averaged_perceptron(data, epochs, SEED).items() if abs(avg) > 1e-4}


def line_scores(weights, pages) -> dict[str, float]:
    tp = fp = fn = 0
    for _, lines, starts in pages:
        shapes = shapes_of(lines)
        for i in range(len(lines)):
            guess = score(weights, features(shapes, i)) > 0
            tp += guess and i in starts
            fp += guess and i not in starts
            fn += (not guess) and i in starts
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {"precision": p, "recall": r, "f1": 2 * p * r / (p + r) if p + r else 0.0}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="../shared/corpora/pd1998/199801.utf8.txt.xz (make_pages.py beside it)")
    ap.add_argument("--out", default=str(MODEL_PATH), help="where to write the weights")
    ap.add_argument("--dev", action="store_true", help="train on days 1-15, report on 16-20, write nothing")
    args = ap.parse_args(argv)
    corpus = Path(args.corpus)
    with tempfile.TemporaryDirectory(prefix="pd1998-train-") as tmp:
        pages = pages_with_gold(corpus, TRAIN_DAYS, Path(tmp))
    if args.dev:
        train_pages = [p for p in pages if int(p[0][6:8]) <= 15]
        dev_pages = [p for p in pages if int(p[0][6:8]) > 15]
        weights = train(examples(train_pages))
        print(f"dev (days 16-20), line level: {line_scores(weights, dev_pages)}")
        return 0
    weights = train(examples(pages))
    print(f"trained on {len(pages)} pages (days 01-20), {len(weights)} weights; on its own training pages: {line_scores(weights, pages)}")
    Path(args.out).parent.mkdir(parents=True, exist_ok=True)
    model = {
        "what": "article-start weights for searchapp.segmentation (averaged perceptron)",
        "trained_on": "People's Daily 1998-01-01..20 via make_pages.py --halfwidth",
        "retrain": "python -m searchapp.train_segmenter ../shared/corpora/pd1998/199801.utf8.txt.xz",
        "weights": dict(sorted(weights.items())),
    }
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
