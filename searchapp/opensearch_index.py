"""The OpenSearch index: the one client factory, the index template, building and adding pages.

The Tantivy index's articles (index.py) with the same field names and the same analysis, made
by ``index.prepare_article`` so the analysis exists once; here the text is indexed as bigrams
of those characters. One document per article, its paragraphs stored with it (as in Tantivy);
the document id is the article id, so writing a page twice leaves one copy.

Lifecycle: readers use an alias (default ``searchapp``). A build writes a fresh index
``<alias>-<stamp>`` (shards and replicas chosen then), waits until its shards are allocated and
then moves the alias in one ``_aliases`` call, so readers never see a half-built archive. The
index before it is kept for readers still on it; older ones are removed.
"""

from __future__ import annotations

import json
import os
import time
from importlib import resources
from typing import Callable, Iterable, Iterator

from . import analysis
from . import index as ix
from . import opensearch_lease
from .settings import EngineSettings
from .index import BuildRefused, BuildSummary, IndexMissing, PreparedArticle
from .models import ParsedPage

BULK_CHUNK = 500  # documents per bulk request

# Fields of the OpenSearch layout only: text is indexed as overlapping bigrams
# (analysis.bigram_text_of), which OpenSearch's term and phrase queries handle best; the other
# fields are the Tantivy index's (index.py). One document per article, as in Tantivy.
LAYOUT = 3  # the template's mappings._meta.layout; 2: one document per article, paragraphs stored with it;
# 3: person, org and author keyword fields
TITLE_BIGRAMS = "title_bigrams"
BODY_BIGRAMS = "body_bigrams"
HEAD_BIGRAMS = "head_bigrams"
BYLINE_BIGRAMS = "byline_bigrams"
EXTRA_BIGRAMS = "extra_bigrams"
BULK_BYTES = 10 * 1024 * 1024
SCROLL_PAGE = 5000


class OpenSearchUnavailable(IndexMissing):
    """The cluster does not answer (or refuses us); the message says where and why."""


def connect(settings: EngineSettings):
    """An opensearch-py client for these settings (retries on timeouts and dead nodes)."""
    from opensearchpy import OpenSearch

    kwargs: dict = {
        "hosts": [u.strip() for u in settings.opensearch_url.split(",") if u.strip()],
        "timeout": 60,
        "max_retries": 3,
        "retry_on_timeout": True,
        "http_compress": False,
        "pool_maxsize": 4,  # a search counts facets on a second thread while it ranks
    }
    if settings.opensearch_url.startswith("https://"):
        kwargs["use_ssl"] = True
        kwargs["verify_certs"] = settings.opensearch_verify_tls
        kwargs["ssl_show_warn"] = settings.opensearch_verify_tls
        if settings.opensearch_ca_certs:
            kwargs["ca_certs"] = settings.opensearch_ca_certs
    if settings.opensearch_user:
        kwargs["http_auth"] = (settings.opensearch_user, settings.opensearch_password or "")
    if settings.opensearch_api_key:
        kwargs["headers"] = {"Authorization": f"ApiKey {settings.opensearch_api_key}"}
    return OpenSearch(**kwargs)


def template(alias: str) -> dict:
    """The index template (searchapp/data/opensearch_template.json) for indices behind alias."""
    text = resources.files("searchapp").joinpath("data/opensearch_template.json").read_text("utf-8")
    body = json.loads(text)
    body.pop("_comment", None)
    body["index_patterns"] = [f"{alias}-*"]
    return body


def install_template(client, alias: str) -> None:
    """Put the template (idempotent) so every index the build makes gets its mappings."""
    client.indices.put_index_template(name=f"{alias}-template", body=template(alias))


def current_index(client, alias: str) -> str:
    """The concrete index the alias points at; IndexMissing when there is none."""
    from opensearchpy import exceptions as oe

    try:
        found = client.indices.get_alias(name=alias)
    except oe.NotFoundError:
        raise IndexMissing(f"no OpenSearch index behind alias {alias!r} (run `searchapp build`)") from None
    except (oe.ConnectionError, oe.ConnectionTimeout) as e:
        raise OpenSearchUnavailable(f"OpenSearch does not answer: {e.info if hasattr(e, 'info') else e}") from None
    except oe.AuthenticationException:
        raise OpenSearchUnavailable("OpenSearch refused the credentials (check user/password or API key)") from None
    return sorted(found)[-1]


def index_exists(settings: EngineSettings) -> bool:
    try:
        current_index(connect(settings), settings.opensearch_index)
        return True
    except IndexMissing:
        return False


# ---------------------------------------------------------------- documents


def document(p: PreparedArticle, ordinal: int) -> tuple[str, dict]:
    """(document id, source) of the article's one document: its paragraphs are stored with it."""
    source = {
        ix.ARTICLE_ID: p.id,
        ix.ARTICLE_ORD: ordinal,
        ix.SOURCE: p.source,
        ix.DATE_ORD: p.date_ord,
        ix.ISSUE_ORD: p.issue_ord,
        ix.DATE_PATH: p.date_path,
        ix.DISTRICT: p.districts,
        ix.PARAGRAPH_COUNT: p.paragraph_count,
        TITLE_BIGRAMS: analysis.bigram_text_of(p.title_chars),
        BODY_BIGRAMS: analysis.join_paragraphs(
            [g for g in (analysis.bigram_text_of(chars) for chars in analysis.split_paragraphs(p.body_chars)) if g]
        ),
        ix.TITLE_WORDS: p.title_words,
        ix.BODY_WORDS: p.body_words,
        ix.META: p.meta_json,
        ix.PARAGRAPHS: p.paragraphs,
    }
    if p.newspaper:
        source[ix.NEWSPAPER] = p.newspaper
    for name, values in ((ix.PERSON, p.people), (ix.ORG, p.organisations), (ix.AUTHOR, p.authors)):
        if values:
            source[name] = list(values)
    for name, value in ((HEAD_BIGRAMS, p.head_chars), (BYLINE_BIGRAMS, p.byline_chars), (EXTRA_BIGRAMS, p.extra_chars)):
        if value:
            source[name] = analysis.bigram_text_of(value)
    return p.id, source


def _actions(
    prepared_pages: Iterable[tuple[ParsedPage, list[PreparedArticle]]],
    index: str,
    summary: BuildSummary,
    first_ordinal: int,
    progress: Callable[[ParsedPage], None] | None,
    written: dict[str, set[str]] | None,
) -> Iterator[dict]:
    ordinal = first_ordinal
    for page, prepared in prepared_pages:
        summary.add_warnings(page.warnings)
        if prepared or not page.warnings:
            summary.pages += 1
        ids = written.setdefault(page.source, set()) if written is not None else None
        for p in prepared:
            if not summary.admit(p):  # an id already written in this build: the first one is kept (index.BuildSummary)
                continue
            doc_id, source = document(p, ordinal)
            if ids is not None:
                ids.add(doc_id)
            yield {"_op_type": "index", "_index": index, "_id": doc_id, "_source": source}
            ordinal += 1
        if progress:
            progress(page)


def _bulk(client, actions: Iterable[dict]) -> None:
    from opensearchpy import helpers

    errors = []
    for ok, item in helpers.streaming_bulk(
        client, actions, chunk_size=BULK_CHUNK, max_chunk_bytes=BULK_BYTES, raise_on_error=False,
        max_retries=5, initial_backoff=1,
    ):
        if not ok:
            errors.append(item)
    if errors:
        first = json.dumps(errors[0], ensure_ascii=False)[:500]
        raise RuntimeError(f"OpenSearch rejected {len(errors)} documents; the first: {first}")


# ---------------------------------------------------------------- building


def _wait_allocated(client, index: str, replicas: int, timeout: str = "120s") -> None:
    nodes = int(client.cluster.health()["number_of_data_nodes"])
    status = "green" if nodes > replicas else "yellow"
    # "timeout" is the cluster's wait here, not the client's socket timeout: pass it as a URL parameter.
    health = client.cluster.health(index=index, params={"wait_for_status": status, "timeout": timeout}, request_timeout=150)
    if health.get("timed_out"):
        raise RuntimeError(f"index {index} did not reach {status} within {timeout} (status {health.get('status')})")


def build_index(
    pages: Iterable[ParsedPage],
    settings: EngineSettings,
    jobs: int | None = None,
    progress: Callable[[ParsedPage], None] | None = None,
    shards: int = 1,
    replicas: int = 1,
    force: bool = False,
    check: Callable[[BuildSummary], None] | None = None,
) -> BuildSummary:
    """Build a fresh index from parsed pages and move the alias to it atomically.

    The same refusals as index.build_index, before the alias moves: no articles, `check`
    (BuildRefused), and unless `force` fewer than half the live archive's articles.
    """
    from opensearchpy import exceptions as oe

    if shards < 1 or replicas < 0:
        raise ValueError("shards must be at least 1 and replicas at least 0")
    alias = settings.opensearch_index
    client = connect(settings)
    jobs = jobs or os.cpu_count() or 1
    started = time.perf_counter()
    summary = BuildSummary()
    name = f"{alias}-{ix.build_stamp()}"  # names sort in the order builds began (_remove_stale, current_index)
    try:
        lease = opensearch_lease.acquire(client, alias, "a build")  # one build or add at a time, any machine
    except (oe.ConnectionError, oe.ConnectionTimeout) as e:
        raise OpenSearchUnavailable(f"OpenSearch at {settings.opensearch_url} does not answer: {e}") from None
    try:
        try:
            live = _live_articles(client, alias)
            install_template(client, alias)
            # No replicas and no refreshes while loading (the replicas are copied once at the end).
            client.indices.create(index=name, body={"settings": {
                "index": {"number_of_shards": shards, "number_of_replicas": 0, "refresh_interval": "-1"}}})
        except (oe.ConnectionError, oe.ConnectionTimeout) as e:
            raise OpenSearchUnavailable(f"OpenSearch at {settings.opensearch_url} does not answer: {e}") from None
        try:
            with ix.preparer(jobs) as prepare:
                _bulk(client, _actions(prepare(pages), name, summary, 0, progress, None))
            if check:  # first: it names the source at fault
                check(summary)
            ix.refuse_worse(summary.articles, live, force, "the new build")
            client.indices.put_settings(index=name, body={"index": {"number_of_replicas": replicas, "refresh_interval": "1s"}})
            client.indices.refresh(index=name)
            _wait_allocated(client, name, replicas)
            lease.check()  # still ours: no add went into the index being replaced
            _switch(client, alias, name)
        except BaseException:
            try:
                client.indices.delete(index=name, ignore_unavailable=True)
            except Exception:
                pass  # a half index left behind is removed by the next build
            raise
        _remove_stale(client, alias)
        summary.seconds = time.perf_counter() - started
        summary.path = f"{settings.opensearch_url} {name} (alias {alias})"
        return summary
    finally:
        lease.release()


def _live_articles(client, alias: str) -> int | None:
    """Articles behind the alias now, None when there is no archive yet."""
    try:
        current_index(client, alias)
    except OpenSearchUnavailable:
        raise
    except IndexMissing:
        return None
    return int(client.count(index=alias)["count"])


def _switch(client, alias: str, name: str) -> None:
    """Point the alias at name only, in one atomic _aliases call."""
    from opensearchpy import exceptions as oe

    try:
        old = list(client.indices.get_alias(name=alias))
    except oe.NotFoundError:
        old = []
    actions = [{"remove": {"index": o, "alias": alias}} for o in old if o != name]
    actions.append({"add": {"index": name, "alias": alias}})
    client.indices.update_aliases(body={"actions": actions})


def _remove_stale(client, alias: str) -> None:
    """Delete this alias's indices other than the current one and the one before it."""
    current = current_index(client, alias)
    names = sorted(client.indices.get(index=f"{alias}-*", expand_wildcards="open,closed"))
    older = [n for n in names if n < current]
    keep = {current, *(older[-1:])} | {n for n in names if n > current}  # a newer one is a build under way
    for n in names:
        if n not in keep:
            client.indices.delete(index=n, ignore_unavailable=True)


def _existing_ids(client, index: str, source: str) -> set[str]:
    """Ids of every document of one page (source), read in pages of SCROLL_PAGE."""
    ids: set[str] = set()
    after = None
    while True:
        body = {"query": {"term": {ix.SOURCE: source}}, "size": SCROLL_PAGE, "_source": False, "sort": [{"_id": "asc"}]}
        if after:
            body["search_after"] = after
        hits = client.search(index=index, body=body)["hits"]["hits"]
        ids.update(h["_id"] for h in hits)
        if len(hits) < SCROLL_PAGE:
            return ids
        after = hits[-1]["sort"]


def add_pages(
    pages: Iterable[ParsedPage],
    settings: EngineSettings,
    jobs: int = 1,
    progress: Callable[[ParsedPage], None] | None = None,
    force: bool = False,
    check: Callable[[BuildSummary], None] | None = None,
) -> BuildSummary:
    """Add pages to the current index; a page already there (same source) is replaced, never doubled.

    The same refusals as index.add_pages, checked before anything is written (OpenSearch has no
    rollback): the add must bring articles and, unless `force`, leave at least half the archive.
    """
    client = connect(settings)
    alias = settings.opensearch_index
    current_index(client, alias)  # no archive: say so before taking the lease
    with opensearch_lease.held(client, alias, "an add") as lease:  # not while a build is replacing the index
        return _add(client, lease, pages, settings, jobs, progress, force, check)


def _add(client, lease, pages, settings, jobs, progress, force, check) -> BuildSummary:
    alias = settings.opensearch_index
    name = current_index(client, alias)
    started = time.perf_counter()
    summary = BuildSummary()
    top = client.search(index=name, body={"size": 0, "aggs": {"top": {"max": {"field": ix.ARTICLE_ORD}}}})
    top_value = top["aggregations"]["top"]["value"]
    first = int(top_value) + 1 if top_value is not None else 0
    written: dict[str, set[str]] = {}
    with ix.preparer(jobs) as prepare:
        # Held in memory until checked: adds are pages, not archives.
        actions = list(_actions(prepare(pages), name, summary, first, progress, written))
    if check:
        check(summary)
    if summary.articles == 0:
        raise BuildRefused("nothing to add: the sources hold no articles; the index is unchanged")
    live = _live_articles(client, alias) or 0
    removed = sum(
        int(client.count(index=name, body={"query": {"term": {ix.SOURCE: source}}})["count"])
        for source in written
    )
    ix.refuse_worse(live - removed + summary.articles, live, force, "the index after this add")
    lease.check()
    _bulk(client, actions)
    # Articles of a replaced page that the new version no longer has.
    stale = [
        {"_op_type": "delete", "_index": name, "_id": doc_id}
        for source, ids in written.items()
        for doc_id in _existing_ids(client, name, source) - ids
    ]
    if stale:
        _bulk(client, stale)
    client.indices.refresh(index=name)
    summary.seconds = time.perf_counter() - started
    summary.path = f"{settings.opensearch_url} {name} (alias {alias})"
    return summary


def index_size(settings: EngineSettings) -> tuple[int, int]:
    """(bytes of primaries, bytes with replicas) of the index behind the alias."""
    client = connect(settings)
    name = current_index(client, settings.opensearch_index)
    stats = client.indices.stats(index=name, metric="store")["_all"]
    return int(stats["primaries"]["store"]["size_in_bytes"]), int(stats["total"]["store"]["size_in_bytes"])
