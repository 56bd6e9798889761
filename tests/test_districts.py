"""Districts from the national gazetteer: all of Shanxi's resolve; no false hits from short forms."""

from __future__ import annotations

import pytest

from searchapp.districts import districts_in, gazetteer

TAIYUAN = ["小店区", "迎泽区", "杏花岭区", "尖草坪区", "万柏林区", "晋源区", "清徐县", "阳曲县", "娄烦县", "古交市"]
JINZHONG = ["榆次区", "昔阳县", "和顺县", "太谷区", "平遥县", "介休市", "祁县", "寿阳县", "左权县", "榆社县", "灵石县"]


@pytest.mark.parametrize("name", TAIYUAN)
def test_taiyuan_counties(name):
    (d,) = districts_in(f"{name}召开会议")
    assert (d.name, d.city, d.province) == (name, "太原市", "山西省")


@pytest.mark.parametrize("name", JINZHONG)
def test_jinzhong_counties(name):
    (d,) = districts_in(f"近日,{name}召开会议")
    assert (d.name, d.city, d.province) == (name, "晋中市", "山西省")


@pytest.mark.parametrize(
    "text",
    ["守护群众平安", "榆次区新建街道办事处", "“和顺干部”队伍名片", "在迎泽街道,102名楼栋党小组组长", "中心城区和城市郊区", "太原市"],
)
def test_no_false_hits_from_short_forms(text):
    names = [d.name for d in districts_in(text)]
    assert "平安区" not in names and "新建区" not in names and "和顺县" not in names
    assert "迎泽区" not in names and "城区" not in names and "郊区" not in names and "太原市" not in names


def test_full_name_inside_a_longer_name_counts():
    assert [d.name for d in districts_in("小店区纪委监委迅速调整")] == ["小店区"]


def test_shared_names_resolve_by_context_or_are_dropped():
    assert len(gazetteer().by_name["朝阳区"]) > 1
    assert districts_in("朝阳区举办活动") == ()
    (d,) = districts_in("北京市朝阳区举办活动")
    assert d.city == "北京市"
    (d,) = districts_in("朝阳区举办活动", newspaper="北京日报")
    assert d.province == "北京市"
    (d,) = districts_in("晋城市城区举办活动")
    assert (d.name, d.city) == ("城区", "晋城市")


def test_municipality_counties_take_the_municipality_as_city():
    (d,) = districts_in("上海市浦东新区")
    assert (d.city, d.province) == ("上海市", "上海市")


def test_order_of_first_mention_without_duplicates():
    names = [d.name for d in districts_in("昔阳县与和顺县、昔阳县")]
    assert names == ["昔阳县", "和顺县"]
