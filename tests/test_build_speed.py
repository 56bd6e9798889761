"""Build-speed changes (issue 22 C) that must not change what is indexed or found."""

from __future__ import annotations

from searchapp import districts


def test_jieba_tags_from_the_cache_equal_those_read_from_jiebas_dictionary(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    districts.jieba_tags.cache_clear()
    try:
        fresh = districts.jieba_tags()  # read from dict.txt, then written to the cache
        assert list((tmp_path / "searchapp").glob("jieba-tags-*.json"))
        districts.jieba_tags.cache_clear()
        cached = districts.jieba_tags()
        assert cached == fresh and cached["太原"][0] == "ns" and "县" in cached
        # A damaged cache entry is read past, not trusted.
        for f in (tmp_path / "searchapp").glob("jieba-tags-*.json"):
            f.write_text("{not json", "utf-8")
        districts.jieba_tags.cache_clear()
        assert districts.jieba_tags() == fresh
    finally:
        districts.jieba_tags.cache_clear()
