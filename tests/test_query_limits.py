"""query.py's limits: no query a reader can type makes the engine do unbounded work. Each cut is
said in a warning; these tests check what is kept, never how long anything takes."""

from __future__ import annotations

from searchapp.query import MAX_ALTERNATIVES, MAX_CLAUSES, MAX_SINGLE_CHARS, MAX_WORDS, Or, parse_query

COMMON = "的是在了和有不这人我他中国大上为个们到说"


def test_a_word_typed_again_counts_once():
    q = parse_query(" ".join(["中国"] * 60))
    assert [c.text for c in q.clauses] == ["中国"]
    assert any("重复" in w and "中国" in w for w in q.warnings)
    assert parse_query(" ".join(["中国"] * 60)).root == parse_query("中国").root


def test_repeats_fold_across_brackets_and_alternatives():
    q = parse_query("(中国 美国) (美国 中国)")
    assert [c.text for c in q.clauses] == ["中国", "美国"]
    q = parse_query("中国 OR 中国 OR 美国")
    assert isinstance(q.root, Or) and [c.text for c in q.clauses] == ["中国", "美国"]


def test_folding_keeps_what_differs():
    # A phrase and a word, a word and its exclusion, a word anywhere and in the title: all kept.
    assert len(parse_query('"中国" 中国').clauses) == 2
    assert len(parse_query("中国 -中国").excluded) == 1
    assert len(parse_query("title:中国 中国").clauses) == 2
    assert not parse_query("中国 美国").warnings


def test_repeats_do_not_use_up_the_clause_limit():
    q = parse_query("中国 " * 30 + "美国")
    assert [c.text for c in q.clauses] == ["中国", "美国"]
    assert not any("词太多" in w for w in q.warnings)


def test_single_characters_are_limited():
    q = parse_query(" OR ".join(COMMON))
    assert len(q.clauses) == MAX_SINGLE_CHARS
    assert any("单字太多" in w for w in q.warnings)
    q = parse_query(" ".join(COMMON[:MAX_SINGLE_CHARS]))
    assert len(q.clauses) == MAX_SINGLE_CHARS and not q.warnings
    # Quoted, the characters are one phrase: not single characters.
    assert parse_query('"' + COMMON + '"').clauses[0].phrase


def test_alternatives_are_limited():
    words = ["北京", "上海", "天津", "重庆", "太原", "大同", "阳泉", "长治", "晋城", "朔州", "晋中"]
    q = parse_query(" OR ".join(words))
    assert isinstance(q.root, Or) and len(q.root.children) == MAX_ALTERNATIVES
    assert any("选项太多" in w for w in q.warnings)


def test_a_pasted_passage_keeps_its_first_words():
    passage = ("习近平总书记在中央政治局集体学习时强调，深入推进反腐败斗争，坚决打赢反腐败斗争攻坚战持久战，"
               "为全面建设社会主义现代化国家提供坚强保障。会议指出，党的十八大以来，党中央把全面从严治党纳入战略布局")
    q = parse_query(passage)
    assert len(q.words) == MAX_WORDS
    assert any("词语太多" in w for w in q.warnings)
    assert q.words[0] == "习近平"


def test_clause_limit_still_holds():
    words = [f"词{n}{n}" for n in range(MAX_CLAUSES + 5)]
    q = parse_query(" ".join(words))
    assert len(q.clauses) <= MAX_CLAUSES and q.warnings
