"""Train the people model on People's Daily 1998-01-01..20 (never the held-out 21..31).

    python -m searchapp.train_entities ../shared/corpora/pd1998/199801.utf8.txt.xz [--out searchapp/data/entities.json]

From the `/nr` names of the tuning days it learns where names are looked for (the characters
a name starts with, the characters of transliterated names, the one- to three-character
contexts names follow), then, over every candidate those contexts give, an averaged perceptron
choosing among "no name" and each candidate length (fixed shuffling seed: the same data gives
the same file), and the article-level check (`people.NameCheck`) over the names a first stage
trained on the other half of the days finds. The `/nt` names of those days are kept as known organisations. `--dev` trains on
days 01-15 and reports on 16-20, writing nothing: features and thresholds are chosen there,
without looking at days 21-31. `--dev --unseen` reports without the organisation names learned
from days 01-15: days 21-31 print mostly names never tagged before, so it predicts them better
(issue 23, before that option was used to tune: dev R 0.829 P 0.885, unseen R 0.792 P 0.882,
held out R 0.760 P 0.872; after: dev 0.864 / 0.902, unseen 0.846 / 0.903, held out 0.777 / 0.873).
The organisation weights are the mean over five orders of the examples (`bagged`). `--dev --errors
FILE` lists each organisation missed or wrong on days 16-20 with where it is printed. (README.md's
"People, organisations and authors" keeps the figures as last measured.)
`--dev --dev-out FILE` keeps the model trained on days 01-15; `--dev --dev-model FILE` reports with it,
training nothing: a rule of inference alone is judged on one fixed model, as retraining moves the
figures by about 0.005 whatever the change.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from pathlib import Path

import numpy as np

from . import names
from .entities import fold
from .perceptron import averaged_perceptron
from .organisations import OrganisationFinder
from .name_scores import StartScorer
from .people import _DOCTRINE, FoundNames, NameCheck, PeopleFinder, _never
from .entity_evaluation import GoldArticle, evaluate_entities, format_errors, format_report, gold_articles

TRAIN_DAYS = (1, 20)
EPOCHS = 10
START_THRESHOLD = -2.0  # start score above which a character opens a candidate (chosen on days 16-20 with the check: -3 and -2 give the same R and P, -2 a sixth fewer candidates)
FIXED_FLOOR = -6.0  # start score below which not even a fixed context (a comma, 说，) opens one: the build's cost is in the candidates (-5 lost 说，习近平主席 of modern text, the name unseen in 1998)
# Score a body read from the words before its last one needs. Days 16-20 with issue 23's options
# and features: 0 gave R 0.846 P 0.876, 1 R 0.839 P 0.880, 2 R 0.829 P 0.885, 3 R 0.819 P 0.887.
ORG_THRESHOLD = 2.0
CHECK_THRESHOLD = 1.5  # score the article-level check needs to keep a doubtful name (days 16-20: 0 gave wrong 109 missed 220, 1.5 wrong 96 missed 225)
SEED = 1998
_HAN = range(0x4E00, 0xA000)


def _is_han(c: str) -> bool:
    return bool(c) and ord(c) in _HAN


def contexts(articles: list[GoldArticle]) -> dict:
    """Where names are looked for, learned from the gold names."""
    first: Counter = Counter()
    foreign: Counter = Counter()
    left: dict[int, Counter] = {1: Counter(), 2: Counter(), 3: Counter()}
    for a in articles:
        for n, s, e in a.people:
            line = fold(a.lines[n])
            name = line[s:e]
            first[name[0]] += 1
            if len(name) >= 3 and name[0] not in names.SURNAMES or "·" in name:
                foreign.update(set(name))
            for k in (1, 2, 3):
                if s >= k and all(_is_han(c) for c in line[s - k : s]):
                    left[k][line[s - k : s]] += 1
    starts = {c for c, k in first.items() if k >= 2 and _is_han(c)} | set(names.SURNAMES)
    translit = {c for c, k in foreign.items() if k >= 2 and (_is_han(c) or c == "·")}
    translit |= set(names.TRANSLIT) | {"·"}
    starts |= {c for c in translit if c != "·" and first[c] >= 1}
    # How often each context stands before a possible start at all: a context counts where it
    # is before a name often enough to be worth a candidate.
    seen: dict[int, Counter] = {1: Counter(), 2: Counter(), 3: Counter()}
    for a in articles:
        for line in a.lines:
            line = fold(line)
            for i, c in enumerate(line):
                if c in starts:
                    for k in (1, 2, 3):
                        if i >= k:
                            piece = line[i - k : i]
                            if piece in left[k]:
                                seen[k][piece] += 1
    rate = {1: 0.04, 2: 0.08, 3: 0.15}
    least = {1: 8, 2: 3, 3: 3}
    chosen = {k: sorted(p for p, c in left[k].items() if c >= least[k] and c / max(seen[k][p], 1) >= rate[k]) for k in (1, 2, 3)}
    # A longer context whose tail is already a context adds nothing.
    chosen[2] = [p for p in chosen[2] if p[-1] not in chosen[1]]
    chosen[3] = [p for p in chosen[3] if p[-1] not in chosen[1] and p[-2:] not in chosen[2]]
    return {
        "starts": "".join(sorted(starts)),
        "translit": "".join(sorted(translit)),
        "left1": "".join(chosen[1]),
        "left2": chosen[2],
        "left3": chosen[3],
    }


def joined(a: GoldArticle) -> tuple[str, dict[int, int]]:
    """The article's paragraphs folded and joined by newlines, as entities_of reads them, and
    its gold names there (start: length)."""
    folded = [fold(line) for line in a.lines]
    offset = [0]
    for line in folded:
        offset.append(offset[-1] + len(line) + 1)
    return "\n".join(folded), {offset[n] + s: e - s for n, s, e in a.people}


def examples(finder: PeopleFinder, articles: list[GoldArticle]) -> tuple[list[tuple[list[tuple[int, list[str]]], int]], int, int]:
    """(options, gold length or 0) at every candidate position; and how many gold names a candidate reaches, of all."""
    data = []
    reachable = total = 0
    for a in articles:
        text, gold = joined(a)
        total += len(gold)
        inside = set()
        for s, length in gold.items():
            inside.update(range(s + 1, s + length))
        for p, bucket in finder.candidates(text):
            if p in inside or text[p : p + 2] in finder.blocked:
                continue
            options = finder.options(text, p, bucket)
            if not options:
                continue
            want = gold.get(p, 0)
            if want and want not in [o for o, _ in options]:
                want = 0
            reachable += bool(want)
            data.append((options, want))
    return data, reachable, total


def train_starts(articles: list[GoldArticle], starts: str, threshold: float, epochs: int = EPOCHS) -> dict:
    """The start scorer (`people.StartScorer`): an averaged binary perceptron over every
    character of the training days that may open a name, positive where a /nr name opens."""
    chars: Counter = Counter()
    lines = []
    for a in articles:
        text, gold = joined(a)  # the article whole, as entities_of scores it
        chars.update(text)
        lines.append((text, set(gold)))
    vocab = "".join(sorted(c for c, k in chars.items() if k >= 2 and ord(c) < 0x10000))
    raw = {"vocab": vocab, "unigram": [], "pairs": {}, "bias": 0.0, "threshold": threshold, "floor": FIXED_FLOOR}
    scorer = StartScorer({**raw, "unigram": [0.0] * (len(StartScorer.OFFSETS) * (len(vocab) + 1))}, starts)
    size = scorer.size
    data = []
    for line, opens in lines:
        ids = scorer.ids(line)
        for p in np.flatnonzero(scorer.can_start[ids[StartScorer.PAD : len(ids) - StartScorer.PAD]]).tolist():
            data.append((StartScorer.features(ids, p + StartScorer.PAD, size), p in opens))
    BIAS = -1
    avg = {f: a for f, value in averaged_perceptron(data, epochs, SEED, bias=BIAS).items() if (a := round(value, 2))}
    n_uni = len(StartScorer.OFFSETS) * size
    raw["unigram"] = [avg.get(i, 0.0) for i in range(n_uni)]
    raw["pairs"] = {str(k - n_uni): v for k, v in sorted(avg.items()) if k >= n_uni}
    raw["bias"] = avg.get(BIAS, 0.0)
    print(f"start scorer: {len(data)} positions, {sum(g for _, g in data)} name starts, {len(raw['pairs'])} pair weights", file=sys.stderr)
    return raw


def train(data, epochs: int = EPOCHS, seed: int | None = None) -> dict[str, float]:
    """Averaged multiclass perceptron: "no name" scores 0, each length the sum of its weights."""
    w: dict[str, float] = defaultdict(float)
    total: dict[str, float] = defaultdict(float)
    stamp: dict[str, int] = defaultdict(int)
    step = 0
    order = list(range(len(data)))
    rng = random.Random(SEED if seed is None else seed)

    def bump(feats: list[str], delta: float) -> None:
        for f in feats:
            total[f] += (step - stamp[f]) * w[f]
            stamp[f] = step
            w[f] += delta

    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            options, want = data[k]
            step += 1
            guess, best = 0, 0.0
            for n, feats in options:
                s = sum(w.get(f, 0.0) for f in feats)
                if s > best:
                    guess, best = n, s
            if guess != want:
                feats_of = dict(options)
                if want:
                    bump(feats_of[want], 1.0)
                if guess:
                    bump(feats_of[guess], -1.0)
    out = {}
    for f, value in w.items():
        total[f] += (step - stamp[f]) * value
        avg = total[f] / step
        if abs(avg) > 1e-3:
            out[f] = round(avg, 3)
    return out


ORG_SHUFFLES = 5


def bagged(data, shuffles: int = ORG_SHUFFLES) -> dict[str, float]:
    """The mean of `train`'s weights over `shuffles` orders of the examples (seeds SEED, SEED+1, …).
    One order's weights moved days 16-20's organisation figures by half a point either way with
    any change of the features (three orders of one model: unseen P 0.919, 0.916, 0.914); the mean
    is the model, not the luck of one order."""
    total: dict[str, float] = defaultdict(float)
    for k in range(shuffles):
        for f, value in train(data, seed=SEED + k).items():
            total[f] += value
    return {f: round(v / shuffles, 3) for f, v in total.items() if abs(v / shuffles) > 1e-3}


def check_examples(finder: PeopleFinder, articles: list[GoldArticle]) -> list[tuple[list[tuple[int, list[str]]], int]]:
    """([(1, the check's features)], 1 if gold else 0) for each name `finder`'s first stage finds in
    each article (the binary case of `train`'s options)."""
    check = NameCheck({}, 0.0, names.word_counts(finder.model.starts), finder.tags)
    data = []
    for a in articles:
        text, _ = joined(a)
        gold = a.gold_people
        found = finder.found(text)
        others = FoundNames(found)
        for name, spans in found.items():
            if _never(name) or not check.doubtful(text, name, spans, others):
                continue  # dropped whatever the check says, or kept unchecked at build time
            data.append(([(1, check.features(text, name, spans, others))], int(name in gold)))
    return data


def blocked_openings(finder: PeopleFinder, articles: list[GoldArticle], least: int = 3) -> list[str]:
    """Two characters that open candidates at least `least` times and never a name (全国, 和平, 高度)."""
    seen: Counter = Counter()
    named: set[str] = set()
    for a in articles:
        for n, s, _ in a.people:
            named.add(fold(a.lines[n])[s : s + 2])
        for line in a.lines:
            line = fold(line)
            seen.update(line[p : p + 2] for p in finder.fixed_starts(line).tolist())
    return sorted(b for b, c in seen.items() if c >= least and b not in named)


def org_suffixes(articles: list[GoldArticle]) -> list[str]:
    """The last words of the bracketed bodies of the training days ([中国/ns 奥委会/n]nt: 奥委会),
    seen at least three times (single characters five): what ends a body's name."""
    last: Counter = Counter()
    for a in articles:
        for raw in a.compound_tails:
            last[fold(raw)] += 1
    return sorted(w for w, c in last.items() if (c >= 3 and len(w) >= 2) or (c >= 5 and len(w) == 1 and _is_han(w)))


def unproductive_suffixes(finder: OrganisationFinder, articles: list[GoldArticle], suffixes: list[str], least: int = 50, share: float = 0.05) -> list[str]:
    """The learned suffixes that end many stretches of the training days (`least`) and a body in
    fewer than `share` of them (处 of 到处/好处, 组织 of 党组织): each costs extraction a scored
    group for almost no name, so they are left out. The hand-written lists stay whatever their yield."""
    learned = set(suffixes) - set(names.INSTITUTION_SUFFIXES) - set(names.ORG_WORDS)
    groups: Counter = Counter()
    named: Counter = Counter()
    for a in articles:
        gold = a.gold_organisations
        text, _ = joined(a)
        for g in finder.groups(text, {}):
            if g[0] != "options":
                continue
            _, start, end, options = g
            word = text[start:end]
            if word in learned:
                groups[word] += 1
                named[word] += any(text[at:end] in gold for at, _ in options)
    return sorted(w for w, n in groups.items() if n >= least and named[w] < share * n)


def unextending_words(finder: OrganisationFinder, articles: list[GoldArticle], least: int = 2, share: float = 0.25) -> list[str]:
    """The words that, printed after a known body (consecutive, or under a parent: 联合国|武器核查|
    小组), made a tagged name with it in at most `share` of at least `least` cases on the training
    days (总部 of 法新社总部, 证券 of 国务院证券委, 代表团 of 中共中央代表团): left out of the name."""
    made: Counter = Counter()
    seen: Counter = Counter()
    for a in articles:
        gold = a.gold_organisations
        text, _ = joined(a)
        finder.extensions = []
        for _ in finder.groups(text, {}):
            pass
        for at, _, last, end in finder.extensions:
            seen[text[last:end]] += 1
            made[text[last:end]] += text[at:end] in gold
    finder.extensions = None
    return sorted(w for w, n in seen.items() if n >= least and made[w] <= share * n)


def unreliable_names(finder: OrganisationFinder, articles: list[GoldArticle], learned: set[str], least: int = 3, share: float = 0.5) -> list[str]:
    """The names tagged on the training days (learned) that the finder, knowing them, finds in at
    least `least` articles and that are tagged in fewer than `share` of those (国家银行, 联合国武器核查
    小组: tagged once, printed untagged more often): not kept as known names."""
    found: Counter = Counter()
    tagged: Counter = Counter()
    for a in articles:
        text, _ = joined(a)
        ours = {p for _, p, _ in finder.find(text, {}, None) if p in learned and p not in a.abbreviations}
        found.update(ours)
        tagged.update(ours & a.gold_organisations)
    return sorted(w for w, n in found.items() if n >= least and tagged[w] < share * n)


def org_examples(finder: OrganisationFinder, articles: list[GoldArticle]) -> list:
    """(options, the gold option's number or 0) for each organisation-word group of the training days."""
    data = []
    for a in articles:
        gold = a.gold_organisations
        text, _ = joined(a)  # the article whole, as entities_of reads it (names printed again count)
        for g in finder.groups(text, {}):
            if g[0] != "options":
                continue
            _, start, end, options = g
            want = 0
            numbered = []
            for i, (at, feats) in enumerate(options, 1):
                numbered.append((i, feats))
                if not want and text[at:end] in gold:
                    want = i
            if not want and any(len(g) > end - at and text.startswith(g, at) for at, _ in options for g in gold):
                continue  # 偃师市公安局|城建派出所: the name goes on past this body word, a later one's to find
            data.append((numbered, want))
    return data


def known_people(articles: list[GoldArticle], least: int = 2, share: float = 0.8) -> list[str]:
    """Names tagged /nr at least `least` times on the training days whose string, wherever else
    printed, is a name `share` of the time or more (江泽民, 李鹏; not 高峰): found anywhere."""
    tagged: Counter = Counter()
    for a in articles:
        for n, s, e in a.people:
            tagged[fold(a.lines[n][s:e])] += 1
    candidates = [n for n, c in tagged.items() if c >= least and len(n) >= 2 and n[0] != "·"]
    if not candidates:
        return []
    import ahocorasick_rs

    ac = ahocorasick_rs.AhoCorasick(candidates)
    printed: Counter = Counter()
    for a in articles:
        for line in a.lines:
            line = fold(line)
            for i, _, e in ac.find_matches_as_indexes(line, overlapping=True):
                if line[e : e + 2] not in _DOCTRINE:  # 邓小平理论 is no use of the name
                    printed[candidates[i]] += 1
    return sorted(n for n in candidates if tagged[n] >= share * printed[n])


def organisation_part(model: names.PeopleModel, articles: list[GoldArticle]) -> dict:
    """The organisation fields of the model: the names tagged on the training days, the learned
    suffixes and the weights choosing among a body word's candidate starts."""
    orgs = Counter()
    for a in articles:
        orgs.update({fold(a.lines[n][s:e]) for n, s, e in a.organisations})
    suffixes = org_suffixes(articles)
    organisations = sorted(o for o in orgs if len(o) >= 3)
    # Without the learned names: every body of the training days then comes through its structure.
    org_model = replace(model, organisations=(), org_suffixes=tuple(suffixes))
    idle = unproductive_suffixes(OrganisationFinder(org_model), articles, suffixes)
    suffixes = [w for w in suffixes if w not in idle]
    org_model = replace(org_model, org_suffixes=tuple(suffixes))
    unextending = unextending_words(OrganisationFinder(org_model), articles)
    org_model = replace(org_model, org_unextending=tuple(unextending))
    print(f"words after a known body left out of its name: {'、'.join(unextending) or '-'}", file=sys.stderr)
    print(f"organisation suffixes: {len(suffixes)} (left out, seldom ending a body: {'、'.join(idle) or '-'})", file=sys.stderr)
    odata = org_examples(OrganisationFinder(org_model), articles)
    print(f"{len(odata)} organisation candidate groups, {sum(1 for _, w in odata if w)} with a gold option", file=sys.stderr)
    unreliable = unreliable_names(OrganisationFinder(replace(org_model, organisations=tuple(organisations))), articles, set(organisations))
    organisations = [o for o in organisations if o not in unreliable]
    print(f"learned names seldom tagged where found: {'、'.join(unreliable) or '-'}", file=sys.stderr)
    org_weights = bagged(odata)  # EPOCHS: 6 gave days 16-20 R 0.810 P 0.884, 10 R 0.814 P 0.884
    return {"organisations": organisations, "org_suffixes": suffixes, "org_unextending": unextending, "org_weights": dict(sorted(org_weights.items()))}


def build_model(articles: list[GoldArticle], threshold: float, start_threshold: float = START_THRESHOLD) -> dict:
    ctx = contexts(articles)
    start_model = train_starts(articles, ctx["starts"], start_threshold)
    model = names.PeopleModel(weights={}, starts=ctx["starts"], translit=ctx["translit"], left1=ctx["left1"],
                              left2=tuple(ctx["left2"]), left3=tuple(ctx["left3"]), organisations=())
    blocked = blocked_openings(PeopleFinder(model), articles)
    model = replace(model, blocked=tuple(blocked))
    # The length scorer learns from the candidates a start scorer gives on text it was not trained
    # on (two folds, each scored by the other's start scorer), as it will meet them at build time.
    data, reachable, total, folds = [], 0, 0, []
    for k in (0, 1):
        other = train_starts(articles[1 - k :: 2], ctx["starts"], start_threshold)
        d, r, t = examples(PeopleFinder(replace(model, start_model=other)), articles[k::2])
        folds.append((other, d))
        data += d
        reachable += r
        total += t
    finder = PeopleFinder(replace(model, start_model=start_model))
    print(f"{len(data)} candidate positions; gold names a candidate reaches: {reachable} of {total} ({reachable / max(total, 1):.3f})", file=sys.stderr)
    weights = train(data)
    # The article-level check learns from what a first stage finds on days it was not trained on
    # (each fold's names as the other fold's model finds them), as it will meet them at build time.
    cdata = []
    for k in (0, 1):
        first = replace(model, weights=train(folds[1 - k][1]), start_model=folds[k][0], threshold=threshold,
                        known_people=tuple(known_people(articles[1 - k :: 2])))
        cdata += check_examples(PeopleFinder(first), articles[k::2])
    print(f"{len(cdata)} found names to check, {sum(w for _, w in cdata)} of them gold", file=sys.stderr)
    check_weights = train(cdata)
    org = organisation_part(finder.model, articles)
    return {
        "what": "person-name weights and contexts for searchapp.entities (averaged perceptron), and organisation names seen tagged /nt",
        "trained_on": "People's Daily 1998-01-01..20 (/nr and /nt tags)",
        "retrain": "python -m searchapp.train_entities ../shared/corpora/pd1998/199801.utf8.txt.xz",
        "threshold": threshold,
        "contexts": ctx,
        "blocked": blocked,
        "organisations": org["organisations"],
        "org_suffixes": org["org_suffixes"],
        "org_unextending": org["org_unextending"],
        "known_people": known_people(articles),
        "org_threshold": ORG_THRESHOLD,
        "org_weights": org["org_weights"],
        "weights": dict(sorted(weights.items())),
        "start_model": start_model,
        "check_weights": dict(sorted(check_weights.items())),
        "check_threshold": CHECK_THRESHOLD,
    }


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("corpus", help="../shared/corpora/pd1998/199801.utf8.txt.xz")
    ap.add_argument("--out", default=str(names.MODEL_PATH), help="where to write the model")
    ap.add_argument("--dev", action="store_true", help="train on days 01-15, report on 16-20, write nothing")
    ap.add_argument("--unseen", action="store_true",
                    help="with --dev: without the organisation names learned from days 01-15, as days 21-31 mostly"
                    " print names never tagged on the training days (a harder dev, nearer the held-out figures)")
    ap.add_argument("--errors", metavar="FILE", help="with --dev: write each organisation missed or wrong on days 16-20 to FILE, one a line, where printed")
    ap.add_argument("--dev-out", metavar="FILE", help="with --dev: keep the model trained on days 01-15 in FILE (for --dev-model)")
    ap.add_argument("--dev-model", metavar="FILE",
                    help="with --dev: report on days 16-20 with this model (written by --dev-out), training nothing: an"
                    " inference-only rule is judged on one fixed model, not through a retraining's noise (about +-0.005)")
    ap.add_argument("--threshold", type=float, default=0.0, help="score a name needs (higher: fewer, surer names)")
    ap.add_argument("--start-threshold", type=float, default=START_THRESHOLD, help="start score that opens a candidate (lower: more candidates)")
    args = ap.parse_args(argv)
    if args.dev:
        if args.dev_model:
            model = json.loads(Path(args.dev_model).read_text("utf-8"))
        else:
            model = build_model(gold_articles(args.corpus, (1, 15)), args.threshold, args.start_threshold)
            if args.dev_out:
                Path(args.dev_out).write_text(json.dumps(model, ensure_ascii=False) + "\n", "utf-8")
        if args.unseen:
            model["organisations"] = []
        path = Path(args.out).with_suffix(".dev.json")
        path.write_text(json.dumps(model, ensure_ascii=False) + "\n", "utf-8")
        names.MODEL_PATH = path  # the dev model, for this process only
        names.people_model.cache_clear()
        from . import organisations, people

        people.people_finder.cache_clear()
        organisations.organisation_finder.cache_clear()
        errors: list | None = [] if args.errors else None
        print(format_report(evaluate_entities(args.corpus, (16, 20), errors=errors)))
        path.unlink()
        if errors is not None:
            Path(args.errors).write_text(format_errors(errors) + "\n", "utf-8")
            print(f"{len(errors)} organisation errors written to {args.errors}")
        return 0
    model = build_model(gold_articles(args.corpus, TRAIN_DAYS), args.threshold, args.start_threshold)
    Path(args.out).write_text(json.dumps(model, ensure_ascii=False, indent=0) + "\n", "utf-8")
    print(f"wrote {args.out}: {len(model['weights'])} weights, {len(model['organisations'])} organisation names")
    return 0


if __name__ == "__main__":
    sys.exit(main())
