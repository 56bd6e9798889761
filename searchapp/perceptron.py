"""The averaged binary perceptron both trainers use (train_segmenter: where an article starts;
train_entities: where a person's name starts).

Examples are (features, gold) with gold True or False; a feature's weight is added per example,
the score is positive for True. Weights are averaged over every step (kept lazily: a feature's
running total is brought up to date only when it changes), which keeps them from overfitting the
last examples seen; the shuffling is seeded, so the same data gives the same weights. Weights
change by whole units while training, so sums are exact and their order cannot change a guess.
"""

from __future__ import annotations

import random
from collections import defaultdict
from typing import Hashable, Sequence


def averaged_perceptron(
    data: Sequence[tuple[Sequence[Hashable], bool]], epochs: int, seed: int, bias: Hashable | None = None
) -> dict:
    """Each feature's weight averaged over all steps (unrounded; callers round and drop the
    small ones as their model files keep them). With `bias`, that key is a feature of every example."""
    w: dict = defaultdict(float)
    total: dict = defaultdict(float)  # sum of a weight over the steps, brought up to date lazily
    stamp: dict = defaultdict(int)  # the step it was last brought up to date at
    step = 0
    order = list(range(len(data)))
    rng = random.Random(seed)
    for _ in range(epochs):
        rng.shuffle(order)
        for k in order:
            feats, gold = data[k]
            if bias is not None:
                feats = (*feats, bias)
            step += 1
            if (sum(w.get(f, 0.0) for f in feats) > 0) != gold:
                delta = 1.0 if gold else -1.0
                for f in feats:
                    total[f] += (step - stamp[f]) * w[f]
                    stamp[f] = step
                    w[f] += delta
    for f, value in w.items():
        total[f] += (step - stamp[f]) * value
    return {f: total[f] / step for f in w}
