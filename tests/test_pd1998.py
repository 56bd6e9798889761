"""Held-out measure on People's Daily 1998 pages: every page keeps all its text; boundaries reported."""

from __future__ import annotations

import pytest

from conftest import PD1998, need_corpus
from searchapp.evaluation import evaluate_pd1998, format_report

pytestmark = pytest.mark.corpus


def test_pd1998_no_text_lost_and_boundaries_measured():
    result = evaluate_pd1998(str(need_corpus(PD1998)))
    print(format_report(result))
    assert result["pages"] == 278
    assert result["pages_losing_text"] == 0, result["text_problems"]
    assert result["gold_articles"] == 3148
    # Floors well under what is measured (0.86 / 0.70): they catch a regression, not a tuning target.
    assert result["boundary_precision"] > 0.75 and result["boundary_recall"] > 0.6
