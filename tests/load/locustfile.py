"""A reader's mix against searchapp, for Locust (run it through tests/load/run.py).

Each simulated reader searches (full page), types (htmx partials of a growing query), clicks a
facet (district or date), opens an article from a result, and calls the JSON API. A share of the
full-page searches (SEARCHAPP_LOAD_HOSTILE, 0.1 unless set) are hostile: dozens of common
characters joined by OR, a long pasted passage, a phrase of the commonest characters, a word
typed 60 times; they are reported apart as "/search (hostile)". Only loopback
hosts are accepted, and the run stops itself after MAX_REQUESTS requests.
"""

from __future__ import annotations

import os
import random
from urllib.parse import quote, urlparse

from locust import FastHttpUser, between, events, task

QUERIES = ["发展", "经济", "习近平", "脱贫攻坚", "疫情防控", "山西", "雄安新区", "塞罕坝", "嫦娥五号", "5G",
           "2020年", "GDP", "疫", '"一带一路"', "人类命运共同体", "乡村振兴 农民", "改革 -开放", "长江 OR 黄河"]
# Queries meant to tie up a worker (issue 22 item 3): each must answer fast or be cut with a warning.
COMMON = "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处理府研质"
HOSTILE = [
    " OR ".join(COMMON[:60]),  # dozens of single common characters, either
    COMMON[:250],  # a long pasted passage (one term of many words)
    "习近平总书记指出，全面建成小康社会，全面深化改革，全面依法治国，全面从严治党，坚持以人民为中心的发展思想，"
    "推动经济社会高质量发展，为实现中华民族伟大复兴的中国梦而不懈奋斗。" * 2,  # a pasted news passage
    '"' + COMMON[:12] + '"',  # a phrase of the commonest characters
    '"中国的发展"',
    " ".join(["中国"] * 60),  # the same word typed 60 times
    " ".join(COMMON[:30]),  # thirty single characters, all required
]
HOSTILE_SHARE = float(os.environ.get("SEARCHAPP_LOAD_HOSTILE", "0.1"))  # of the searches a reader types
MAX_REQUESTS = int(os.environ.get("SEARCHAPP_LOAD_MAX_REQUESTS", "200000"))
_count = 0


@events.init.add_listener
def _loopback_only(environment, **_):
    host = urlparse(environment.host or "").hostname
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"refusing to load-test {host!r}: loopback only")


@events.request.add_listener
def _bounded(**_):
    global _count
    _count += 1
    if _count == MAX_REQUESTS and _runner is not None:
        _runner.quit()


_runner = None


@events.test_start.add_listener
def _keep_runner(environment, **_):
    global _runner
    _runner = environment.runner


class Reader(FastHttpUser):
    wait_time = between(0, 0.2)

    def on_start(self) -> None:
        self.facets: list[str] = []
        with self.client.get(f"/api/search?q={quote('发展')}", name="/api/search", catch_response=True) as r:
            data = r.json()
            self.facets = [f"district={quote(d['value'])}" for d in data["facets"]["district"][:10]]
            self.facets += [f"date={quote(d['value'])}" for d in data["facets"]["date"][:10]]

    def _q(self) -> str:
        return random.choice(QUERIES)

    @task(4)
    def search_page(self) -> None:
        if random.random() < HOSTILE_SHARE:
            self.client.get(f"/search?q={quote(random.choice(HOSTILE))}", name="/search (hostile)")
            return
        self.client.get(f"/search?q={quote(self._q())}", name="/search")

    @task(3)
    def type_to_search(self) -> None:
        q = self._q()
        for end in range(1, len(q) + 1):  # what search-as-you-type sends, keystroke by keystroke
            self.client.get(f"/search?q={quote(q[:end])}", headers={"HX-Request": "true"}, name="/search (htmx)")

    @task(2)
    def facet_click(self) -> None:
        facet = random.choice(self.facets) if self.facets else "date=2020"
        self.client.get(f"/search?q={quote(self._q())}&{facet}", headers={"HX-Request": "true"}, name="/search (facet)")

    @task(2)
    def open_article(self) -> None:
        with self.client.get(f"/api/search?q={quote(self._q())}&page={random.randint(1, 3)}", name="/api/search",
                             catch_response=True) as r:
            hits = r.json().get("hits", []) if r.status_code == 200 else []
        if hits:
            hit = random.choice(hits)
            self.client.get(f"/articles/{hit['id']}?q={quote(self._q())}", name="/articles/<id>")

    @task(1)
    def api_search(self) -> None:
        self.client.get(f"/api/search?q={quote(self._q())}&sort=newest", name="/api/search")
