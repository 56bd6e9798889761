"""Reading files: encodings, manifests, file-name metadata, broken input that never stops a run."""

from __future__ import annotations

import gzip
import json
import lzma

from conftest import SEEDS
from searchapp.ingest import iter_parsed, page_key, parse_paths, parsed_to_json
from searchapp.pages import decode, meta_from_filename, read_manifest

PAGE = "《山西食醋分类》团体标准开始实施\n\n本报讯 11月21日清徐县消息,国内首个团体标准开始实施。\n"


def test_manifest_gives_newspaper_and_issue_date():
    manifest, warnings = read_manifest(SEEDS)
    assert warnings == [] and len(manifest) == 5
    assert manifest["001_d80b19d43e3d5215.txt"].newspaper == "太原日报"
    assert manifest["003_96c29c99dd28f042.txt"].date == "2021-08-07"


def test_file_names_carry_dates_and_pages():
    m = meta_from_filename(__import__("pathlib").Path("19980105-04.txt"))
    assert (m.date, m.page_no) == ("1998-01-05", 4)
    m = meta_from_filename(__import__("pathlib").Path("2022-11-22_太原日报_03.txt"))
    assert (m.date, m.newspaper, m.page_no) == ("2022-11-22", "太原日报", 3)


def test_encodings(tmp_path):
    (tmp_path / "utf8-bom.txt").write_bytes(b"\xef\xbb\xbf" + PAGE.encode("utf-8"))
    (tmp_path / "gbk.txt").write_bytes(PAGE.encode("gbk"))
    (tmp_path / "crlf.txt").write_bytes(PAGE.replace("\n", "\r\n").encode("utf-8"))
    # Each file on its own: together, the second and third would be skipped as duplicates of the first.
    pages = {name: parse_paths([str(tmp_path / name)])[0] for name in ("utf8-bom.txt", "gbk.txt", "crlf.txt")}
    for name in ("utf8-bom.txt", "gbk.txt", "crlf.txt"):
        (article,) = pages[name].articles
        assert article.title == "《山西食醋分类》团体标准开始实施", name
        assert [d.name for d in article.districts] == ["清徐县"]
    assert any("GB18030" in w for w in pages["gbk.txt"].warnings)


def test_date_inferred_from_text_is_marked(tmp_path):
    (tmp_path / "page.txt").write_text("标题\n\n本报讯 2022年11月21日,清徐县召开会议。\n", "utf-8")
    (page,) = parse_paths([str(tmp_path)])
    assert page.date == "2022-11-21" and page.date_inferred
    assert page.articles[0].date_inferred


def test_broken_files_are_reported_by_name_and_the_rest_is_read(tmp_path):
    (tmp_path / "a-empty.txt").write_bytes(b"")
    (tmp_path / "b-binary.txt").write_bytes(bytes(range(256)) * 40)
    (tmp_path / "c-latin1.txt").write_bytes("caf\xe9 \xff\xfe\xfd garbage".encode("latin-1") * 50)
    (tmp_path / "d-good.txt").write_text(PAGE, "utf-8")
    (tmp_path / "e-huge.txt").write_text("疫情防控" * 1_300_000, "utf-8")  # 5 MB, no line breaks
    (tmp_path / "f-headlines.txt").write_text("政务之要\n\n全市组织部长会议召开\n", "utf-8")
    pages = {p.source: p for p in parse_paths([str(tmp_path), str(tmp_path / "missing.txt")])}
    assert any("empty" in w for w in pages["a-empty.txt"].warnings)
    assert pages["b-binary.txt"].articles == () and "not a text file" in pages["b-binary.txt"].warnings[0]
    assert pages["c-latin1.txt"].articles == () and pages["c-latin1.txt"].warnings
    assert len(pages["d-good.txt"].articles) == 1
    assert len(pages["e-huge.txt"].articles) == 1
    assert pages["f-headlines.txt"].labels and pages["f-headlines.txt"].articles == ()
    assert "no such file" in pages[str(tmp_path / "missing.txt")].warnings[0]


def test_duplicate_pages_are_reported_and_indexed_once(tmp_path):
    (tmp_path / "a.txt").write_text(PAGE, "utf-8")
    (tmp_path / "b-copy.txt").write_text(PAGE.replace("\n\n", "\n\n\n"), "utf-8")  # whitespace aside, the same
    (tmp_path / "c-gbk-copy.txt").write_bytes(PAGE.encode("gb18030"))
    (tmp_path / "d-other.txt").write_text(PAGE + "\n\n补记一段。\n", "utf-8")
    pages = {p.source: p for p in parse_paths([str(tmp_path)])}
    assert pages["a.txt"].articles and pages["d-other.txt"].articles
    for copy in ("b-copy.txt", "c-gbk-copy.txt"):
        assert pages[copy].articles == ()
        assert any("duplicate" in w and "a.txt" in w for w in pages[copy].warnings), pages[copy].warnings


def test_a_file_that_vanishes_mid_build_is_reported_and_the_rest_indexed(tmp_path):
    from searchapp.index import build_index
    from searchapp.archive import Archive
    from searchapp.results import SearchRequest

    folder = tmp_path / "pages"
    folder.mkdir()
    for k in range(4):
        (folder / f"p{k}.txt").write_text(PAGE + f"\n\n第{k}版\n", "utf-8")

    def vanishing():
        for n, page in enumerate(iter_parsed([str(folder)])):
            if n == 0:
                (folder / "p2.txt").unlink()  # listed already, gone before it is read
            yield page

    summary = build_index(vanishing(), tmp_path / "index", jobs=1)
    assert any(w.startswith("p2.txt:") and "cannot be read" in w for w in summary.warnings), summary.warnings
    assert summary.pages == 3
    sources = {h.id.rsplit("-", 1)[0] for h in Archive.open(tmp_path / "index").export(SearchRequest())}
    assert len(sources) == 3


def test_decode_refuses_binary():
    assert decode(b"\x00\x01\x02abc")[0] is None
    assert decode("中文".encode("gb18030"))[0] == "中文"


def test_jsonl_plain_gz_xz(tmp_path):
    rows = [
        {"title": "山西小店区召开会议", "date": "2020-05-01", "paragraphs": ["小店区召开会议。"], "id": "VIDE1"},
        {"title": "无编号", "date": "2020-05-02", "paragraphs": ["第二条。"]},
        "not an object",
    ]
    text = "\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n{broken\n"
    (tmp_path / "a.jsonl").write_text(text, "utf-8")
    with gzip.open(tmp_path / "b.jsonl.gz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    with lzma.open(tmp_path / "c.jsonl.xz", "wt", encoding="utf-8") as fh:
        fh.write(text)
    for name in ("a.jsonl", "b.jsonl.gz", "c.jsonl.xz"):
        pages = list(iter_parsed([str(tmp_path / name)]))
        articles = [a for p in pages for a in p.articles]
        assert [a.id for a in articles] == ["VIDE1", f"{page_key(name)}-L2"]
        assert articles[0].date == "2020-05-01" and [d.name for d in articles[0].districts] == ["小店区"]
        warnings = [w for p in pages for w in p.warnings]
        assert any(":3:" in w for w in warnings) and any(":4:" in w for w in warnings)


def test_ids_are_url_safe_and_stable():
    assert page_key("000_7ada219afce00ec3.txt") == "000_7ada219afce00ec3"
    key = page_key("2022-11-22_太原日报_03.txt")
    assert key == page_key("2022-11-22_太原日报_03.txt") and key.isascii()
    assert page_key("2022-11-22_太原日报_03.txt") != page_key("2022-11-22_晋中日报_03.txt")
    import re

    assert re.fullmatch(r"[A-Za-z0-9_-]{1,96}", page_key("a/b c/../d.txt"))


def test_parse_json_shape():
    data = parsed_to_json(parse_paths([str(SEEDS)]))
    assert len(data["pages"]) == 5 and data["articles"]
    first = data["articles"][0]
    assert first["id"] == "000_7ada219afce00ec3-01" and first["source"] == "000_7ada219afce00ec3.txt"
    assert first["date"] == "2022-08-26" and first["date_inferred"] is False


def test_page_name_from_file_name_manifest_and_header(tmp_path):
    from pathlib import Path

    from searchapp.pages import header_page, meta_from_filename

    meta = meta_from_filename(Path("2022-11-22_太原日报_03_要闻.txt"))
    assert (meta.date, meta.newspaper, meta.page_no, meta.page_name) == ("2022-11-22", "太原日报", 3, "要闻")
    assert meta_from_filename(Path("19980105-04.txt")).page_name is None
    assert header_page("第3版 要闻\n\n迎泽区创建“无疫社区”守护群众平安\n") == (3, "要闻")
    assert header_page("副刊 第12版\n") == (12, "副刊")
    assert header_page("迎泽区创建“无疫社区”守护群众平安\n\n本报讯 11月21日。") == (None, None)
    (tmp_path / "manifest.csv").write_text("file,newspaper,date,page,page_name,note\np.txt,太原日报,2022-11-22,3,要闻,\n", "utf-8")
    (tmp_path / "p.txt").write_text("小店区扎实筑牢疫情防控“隔离墙”\n\n本报讯 11月21日小店区消息,全区要求落细落实。\n", "utf-8")
    (tmp_path / "q.txt").write_text("第5版·副刊\n\n凝眸岁月\n\n粒砂\n\n岁月如歌。\n", "utf-8")
    pages = {p.source: p for p in parse_paths([str(tmp_path)])}
    a = pages["p.txt"].articles[0]
    assert (a.issue_date, a.page_no, a.page_name, a.newspaper) == ("2022-11-22", 3, "要闻", "太原日报")
    assert (pages["q.txt"].page_no, pages["q.txt"].page_name) == (5, "副刊")
