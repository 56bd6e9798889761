"""The gazetteer: names as of a date, today's units, and district filters as people type them."""

from __future__ import annotations

from pathlib import Path

import pytest

from searchapp import gazetteer_build
from searchapp.gazetteer import DATA, gazetteer, short_name
from searchapp.place_filter import resolve_filter

SOURCE_CSV = Path(__file__).resolve().parent.parent.parent / "shared" / "gazetteer" / "areacodes-history.csv"


def test_a_name_as_of_a_year_and_the_unit_holding_it_today():
    g = gazetteer()
    (u,) = g.units_named("延庆县", 1998)
    assert (u.code, u.level, u.start, u.end) == ("110229", "county", 1981, 2015)
    assert g.today(u).name == "延庆区" and g.today(u).code == "110119"


def test_a_chain_of_changes_is_followed_to_today():
    g = gazetteer()
    (u,) = g.units_named("榆次市", 1998)
    d = g.district_for(u)
    assert (d.name, d.current, d.city, d.province, d.level) == ("榆次市", "榆次区", "晋中市", "山西省", "county")


def test_a_prefecture_abolished_without_successor_goes_to_the_city_holding_its_counties():
    g = gazetteer()
    (u,) = g.units_named("晋中地区", 1998)
    assert g.today(u).name == "晋中市"
    (u,) = g.units_named("万县市", 1997)
    assert g.district_for(u).path == ("重庆市",)  # its counties are 重庆's now


def test_the_month_picks_the_unit_in_a_year_of_change():
    g = gazetteer()
    # 吴忠市: a county-level city until 1998, a prefecture-level city from 1998.
    assert [u.level for u in g.units_named("吴忠市", 1998, 1)] == ["county"]
    assert [u.level for u in g.units_named("吴忠市", 1998, 11)] == ["city"]


def test_a_name_printed_after_its_years_means_the_unit_that_last_bore_it():
    g = gazetteer()
    (u,) = g.units_named("汾阳县", 1998)  # a 市 since 1996; papers kept the old name a while
    assert g.today(u).name == "汾阳市"


@pytest.mark.parametrize(
    "name, short",
    [("山西省", "山西"), ("张北县", "张北"), ("延边朝鲜族自治州", "延边"), ("恭城瑶族自治县", "恭城"),
     ("鄂温克族自治旗", "鄂温克"), ("内蒙古自治区", "内蒙古"), ("广西壮族自治区", "广西"), ("易县", "易县")],
)
def test_short_names(name, short):
    assert short_name(name) == short


def test_every_unit_in_use_has_a_province_and_a_path():
    g = gazetteer()
    for u in g.units:
        if u.in_use:
            d = g.district_for(u)
            assert d.province and all(d.path), u


@pytest.mark.parametrize(
    "typed, path",
    [
        ("小店区", "山西省/太原市/小店区"),
        ("小店", "山西省/太原市/小店区"),
        ("延庆县", "北京市/北京市/延庆区"),  # historical name -> today's unit
        ("延慶縣", "北京市/北京市/延庆区"),  # traditional characters
        ("太原市", "山西省/太原市"),
        ("太原", "山西省/太原市"),
        ("山西", "山西省"),
        ("140105", "山西省/太原市/小店区"),
        ("１４０１０５", "山西省/太原市/小店区"),
        ("110229", "北京市/北京市/延庆区"),  # a retired code
        ("山西省/太原市/小店区", "山西省/太原市/小店区"),
        ("太原市小店区", "山西省/太原市/小店区"),  # written out with its city
        ("北京朝阳区", "北京市/北京市/朝阳区"),  # a shared name placed by its city
        ("未标注地区", "未标注地区"),
    ],
)
def test_filter_forms(typed, path):
    assert resolve_filter(typed).paths == (path,)


def test_shared_name_lists_the_candidates():
    assert set(resolve_filter("朝阳区").paths) == {"北京市/北京市/朝阳区", "吉林省/长春市/朝阳区"}


def test_unknown_name_gives_the_nearest():
    match = resolve_filter("小店县")
    assert match.paths == ("山西省/太原市/小店区",)  # the stem is known
    match = resolve_filter("火星区")
    assert match.paths == () and match.nearest and all("/" in p for p in match.nearest)
    assert resolve_filter("延庆镇区").nearest[0] == "北京市/北京市/延庆区"  # most characters in common


def test_shipped_file_is_what_the_build_script_makes(tmp_path):
    if not SOURCE_CSV.exists():
        pytest.skip(f"{SOURCE_CSV} is missing (../shared/gazetteer): cannot rebuild the compact file")
    out = tmp_path / "areacodes.tsv"
    n = gazetteer_build.build(SOURCE_CSV, out)
    assert n == 6823
    assert out.read_text("utf-8") == DATA.read_text("utf-8")
    assert (tmp_path / "areacodes.SOURCE.md").exists() and (tmp_path / "areacodes.LICENSE-CC0.txt").exists()


def test_attribution_ships_beside_the_data():
    assert "CC0" in (DATA.parent / "areacodes.SOURCE.md").read_text("utf-8")
    assert DATA.read_text("utf-8").startswith("# areacodes.tsv")
