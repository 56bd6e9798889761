"""Build-speed changes (issue 22 C) that must not change what is indexed or found."""

from __future__ import annotations

import json
from collections import Counter

import tantivy

from searchapp import analysis, districts, names
from searchapp import index as ix
from searchapp.ingest import _jsonl_page, iter_parsed


def test_jieba_tags_from_the_cache_equal_those_read_from_jiebas_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    districts.jieba_tags.cache_clear()
    try:
        fresh = districts.jieba_tags()  # read from dict.txt, then written to the cache
        assert list((tmp_path / "searchapp").glob("jieba-tags-*.pickle"))
        districts.jieba_tags.cache_clear()
        cached = districts.jieba_tags()
        assert cached == fresh and cached["太原"][0] == "ns" and "县" in cached
        # A damaged cache entry is read past, not trusted.
        for f in (tmp_path / "searchapp").glob("jieba-tags-*.pickle"):
            f.write_bytes(b"\x80\x05not a pickle")
        districts.jieba_tags.cache_clear()
        assert districts.jieba_tags() == fresh
    finally:
        districts.jieba_tags.cache_clear()


_NAME_VIEWS = (names.word_tags, names.word_counts, names.dictionary_words, names.idioms, names._jieba_words)


def _name_views(starts: str) -> tuple:
    for view in _NAME_VIEWS:
        view.cache_clear()
    return names.word_tags(starts), names.word_counts(starts), names.dictionary_words(), names.idioms()


def test_the_name_finders_views_of_jiebas_words_are_the_same_from_the_cache(tmp_path, monkeypatch):
    """The people finder's views of jieba's dictionary (tags, counts, words, idioms) are kept in
    the user's cache: a build's start read 349,000 lines for them. Read back, they are the same;
    damaged, they are made again; without a writable cache, made every time."""
    starts = names.people_model().starts
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "searchapp"
    try:
        fresh = _name_views(starts)
        assert len(list(folder.glob("jieba-*.pickle"))) == 4
        assert fresh[0]["江泽民"] == "nr" and fresh[0]["高度"] == "w" and fresh[2]["出席"] == "v" and fresh[2]["太原"] == "s" and "张灯结彩" in fresh[3] and fresh[1]["周转"] > 100
        assert _name_views(starts) == fresh
        assert names._jieba_words.cache_info().currsize == 0  # all four read from the cache, not from dict.txt
        for f in folder.glob("jieba-*.pickle"):
            f.write_bytes(f.read_bytes()[:100])  # cut short, as by a full disk
        assert _name_views(starts) == fresh
        folder.chmod(0o500)
        monkeypatch.setenv("XDG_CACHE_HOME", str(folder / "not-writable"))
        assert _name_views(starts) == fresh
    finally:
        folder.chmod(0o700)
        for view in _NAME_VIEWS:
            view.cache_clear()


# ---------------------------------------------------------------- issue 22 item 1: the same index, built faster

ARTICLES = [
    {"id": "a1", "title": "太原市小店区", "date": "2022-01-02",
     "paragraphs": ["太原市小店区发展经济，發展經濟。", "疫", "经济发展　GDP 增长5.2%", "发展发展发展"]},
    {"id": "a2", "title": "雄安新区", "date": "2022-01-03", "paragraphs": ["雄安新区建设", "区建"]},
    {"id": "a3", "title": "发展", "date": "2022-01-04", "paragraphs": ["经济"]},
]


def _pairs_reference(paragraph_lists: list[list[str]]) -> dict[str, list[tuple[str, float]]]:
    """BM25 of every pair as the build indexed it before schema 8: one whitespace-cut string of
    pair_tokens per article, in a field of its own (frequencies, no positions)."""
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("pairs", tokenizer_name="ws", index_option="freq")
    index = tantivy.Index(sb.build())
    index.register_tokenizer("ws", tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build())
    writer = index.writer(heap_size=50_000_000, num_threads=1)
    for n, paragraphs in enumerate(paragraph_lists):
        doc = tantivy.Document()
        doc.add_text("id", f"a{n + 1}")
        doc.add_text("pairs", " ".join(analysis.pair_tokens(analysis.compact(p)) for p in paragraphs))
        writer.add_document(doc)
    writer.commit()
    index.reload()
    return _scores(index, "pairs", "id")


def _scores(index: tantivy.Index, field: str, id_field: str) -> dict[str, list[tuple[str, float]]]:
    searcher = index.searcher()
    out = {}
    terms = {analysis.compact(p)[i : i + 2] for a in ARTICLES for p in [a["title"], *a["paragraphs"]]
             for i in range(len(analysis.compact(p)) - 1)}
    for term in sorted(terms | {"济疫", "疫经", "区区", "建区"}):  # and pairs across paragraphs: none
        hits = searcher.search(tantivy.Query.term_query(index.schema, field, term), limit=10).hits
        out[term] = sorted((searcher.doc(addr)[id_field][0], round(score, 5)) for score, addr in hits)
    return out


def test_body_pairs_cut_by_tantivy_score_as_the_pair_strings_did(tmp_path):
    """Schema 8: each compacted paragraph a value of BODY_PAIRS, cut by Tantivy's n-gram tokenizer.
    Same terms, same frequencies and field lengths (so the same BM25) as the string of pair tokens
    the build made before; no pair across two paragraphs; a one-character paragraph adds none."""
    source = tmp_path / "a.jsonl"
    source.write_text("".join(json.dumps(a, ensure_ascii=False) + "\n" for a in ARTICLES), "utf-8")
    ix.build_index(iter_parsed([str(source)]), tmp_path / "index", jobs=1)
    index = ix.open_index(ix.current_build(tmp_path / "index"))
    built = _scores(index, ix.BODY_PAIRS, ix.ARTICLE_ID)
    assert built == _pairs_reference([a["paragraphs"] for a in ARTICLES])
    assert built["发展"] and not built["济疫"] and not built["疫经"]
    assert [doc for doc, _ in built["区建"]] == ["a2"]  # its own paragraph, not 新区 + 建设


def test_prepared_words_are_the_paragraphs_words():
    """BODY_WORDS keeps no positions: the words of one jieba call per article are, as a multiset,
    those of `analysis.words` on each paragraph."""
    for a in ARTICLES:
        prepared = ix.prepare_article(_article(a))
        expected = Counter(w for p in a["paragraphs"] for w in analysis.words(p))
        assert Counter(prepared.body_words.split()) == expected
        assert prepared.title_words.split() == analysis.headline_words(a["title"])
        assert prepared.title_chars == analysis.char_tokens(analysis.compact(a["title"]))
        assert prepared.body_compact == tuple(analysis.compact(p) for p in a["paragraphs"])


def _article(obj: dict):
    return _jsonl_page(obj, "a.jsonl", 1).articles[0]


def test_the_length_scorers_tables_from_the_cache_score_the_same(tmp_path, monkeypatch):
    """The length scorer's hash tables (the weights, jieba's words and tags) are kept in the user's
    cache for the shipped model: read back, every start scores the same, to the bit; a finder of
    another model (training's, --dev-model) builds its own."""
    from searchapp import people

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    model = names.people_model()
    texts = ["省委书记林武主持召开省委常委会会议，省长金湘军出席。", "俄罗斯总统弗拉基米尔·普京表示，愿同中方深化合作。",
             "中共中央政治局常委、国务院副总理韩正出席开幕式。"]
    fresh = people.PeopleFinder(model).candidates_many(texts)
    people.PeopleFinder(model, names.MODEL_PATH)  # makes the cache entry
    assert list((tmp_path / "searchapp").glob("length-tables-*.pickle"))
    cached = people.PeopleFinder(model, names.MODEL_PATH)
    assert cached.candidates_many(texts) == fresh and any(n for text in fresh for _, _, n, _ in text)
    for a, b in zip(people.LengthScorer(cached)._tables(), (cached.length_scorer._weights, cached.length_scorer._tags)):
        assert (a._keys == b._keys).all() and (a._values == b._values).all()


def test_the_cache_keeps_the_entries_most_recently_used(tmp_path, monkeypatch):
    """Each install has its own entries (its files' paths key them): of one table the cache keeps
    the KEPT_ENTRIES most recently used, and drops the JSON entries of earlier versions, so
    checkouts and clean clones do not fill the disk; a cache the user may only read still serves."""
    import os
    import time

    from searchapp import resources

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    folder = tmp_path / "searchapp"
    folder.mkdir()
    (folder / "jieba-tags-0123456789abcdef.json").write_text("{}", "utf-8")  # an earlier version's
    source = tmp_path / "dict.txt"
    source.write_text("太原 10 ns\n", "utf-8")
    made = []
    for k in range(5):
        assert resources.derived("jieba-tags", (source,), str(k), lambda k=k: made.append(k) or {"k": k}) == {"k": k}
        time.sleep(0.01)  # distinct times of use
        if k == 0:
            oldest = next(folder.glob("*.pickle"))  # the only one yet
    assert len(made) == 5 and len(list(folder.glob("jieba-tags-*"))) == resources.KEPT_ENTRIES
    # Read again, an entry is used now and kept when the next one is written; the oldest goes.
    assert resources.derived("jieba-tags", (source,), "2", lambda: made.append("again")) == {"k": 2}
    resources.derived("jieba-tags", (source,), "5", lambda: {"k": 5})
    kept = {resources.derived("jieba-tags", (source,), str(k), lambda: None) is not None for k in (2, 4, 5)}
    assert kept == {True} and not oldest.exists() and "again" not in made
    # A changed source (the data, or the code that derives the table) is never answered from an
    # entry made before it.
    code = tmp_path / "views.py"
    code.write_text("old derivation", "utf-8")
    assert resources.derived("jieba-words", (source, code), "", lambda: {"code": "old"}) == {"code": "old"}
    code.write_text("a changed derivation", "utf-8")
    assert resources.derived("jieba-words", (source, code), "", lambda: {"code": "new"}) == {"code": "new"}
    folder.chmod(0o500)
    try:
        assert resources.derived("jieba-tags", (source,), "5", lambda: made.append("read-only")) == {"k": 5}
        assert "read-only" not in made
    finally:
        folder.chmod(0o700)
