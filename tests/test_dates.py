"""Article dates from datelines and leads, completed with the issue's year; relative words invent nothing."""

from __future__ import annotations

import pytest

from searchapp.dates import complete_year, lead_date


@pytest.mark.parametrize(
    "lead, expected",
    [
        ("本报讯(记者 殷雪莺 梁涛)8月26日,省委常委", "2022-08-26"),
        ("本报讯 11月21日小店区消息,面对", "2022-11-21"),
        ("本报讯 3月2日晚,市改善省城环境质量", "2022-03-02"),
        ("本报讯 疫情当前,党员在先。11月20日,古交市", "2022-11-20"),
        ("新华社北京１１月２０日电", "2022-11-20"),
        ("本报讯 近日,和顺县与清控科创", None),
        ("当日12时20分,正值午餐时间", None),
        ("即日起,第三届活动开始招募", None),
        ("连日来,抗疫冲锋号持续吹响", None),
        ("本报讯 2021年8月6日,昔阳县", "2021-08-06"),
        ("本报讯 2月30日,不存在的日期", None),
    ],
)
def test_lead_dates(lead, expected):
    assert lead_date(lead, "2022-11-22") == expected


def test_year_rolls_back_across_new_year():
    assert complete_year(12, 30, "2023-01-02") == "2022-12-30"
    assert complete_year(1, 3, "2023-01-02") == "2023-01-03"
    assert complete_year(1, 1, None) is None


def test_only_the_opening_counts():
    lead = "本报讯 会议强调," + "要认真落实各项部署," * 20 + "确保8月1日前完成。"
    assert lead_date(lead, "2022-11-22") is None
