"""A reader's mix against searchapp, for Locust (run it through tests/load/run.py).

Each simulated reader searches (full page), types (htmx partials of a growing query), clicks a
facet (district or date), opens an article from a result, and calls the JSON API. Only loopback
hosts are accepted, and the run stops itself after MAX_REQUESTS requests.
"""

from __future__ import annotations

import os
import random
from urllib.parse import quote, urlparse

from locust import FastHttpUser, between, events, task

QUERIES = ["发展", "经济", "习近平", "脱贫攻坚", "疫情防控", "山西", "雄安新区", "塞罕坝", "嫦娥五号", "5G",
           "2020年", "GDP", "疫", '"一带一路"', "人类命运共同体", "乡村振兴 农民", "改革 -开放", "长江 OR 黄河"]
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
