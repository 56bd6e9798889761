"""The command line: a thin skin over the library (sqlite-utils style)."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import click

from .resources import DEFAULT_INDEX, SEEDS  # the seeds ship in the wheel; the index goes to ./index


def _index_option(f):
    return click.option(
        "--index",
        "index_dir",
        default=lambda: os.environ.get("SEARCHAPP_INDEX", DEFAULT_INDEX),
        show_default="index/ or $SEARCHAPP_INDEX",
        help="Index directory.",
    )(f)


def _engine_options(f):
    """--engine and the OpenSearch connection flags; each defaults to its SEARCHAPP_* variable (settings.py)."""
    options = [
        click.option("--engine", type=click.Choice(["tantivy", "opensearch"]), default=None,
                     help="Search engine (default $SEARCHAPP_ENGINE or tantivy)."),
        click.option("--opensearch-url", default=None, help="OpenSearch URL(s), comma-separated (default $SEARCHAPP_OPENSEARCH_URL)."),
        click.option("--opensearch-index", default=None, help="Alias the site reads (default $SEARCHAPP_OPENSEARCH_INDEX or searchapp)."),
        click.option("--opensearch-user", default=None, help="Basic-auth user (default $SEARCHAPP_OPENSEARCH_USER)."),
        click.option("--opensearch-password", default=None, help="Basic-auth password (better: $SEARCHAPP_OPENSEARCH_PASSWORD)."),
        click.option("--opensearch-api-key", default=None, help="API key (better: $SEARCHAPP_OPENSEARCH_API_KEY)."),
        click.option("--opensearch-verify-tls/--opensearch-no-verify-tls", default=None,
                     help="Verify the cluster's TLS certificate (default yes, $SEARCHAPP_OPENSEARCH_VERIFY_TLS)."),
        click.option("--opensearch-ca-certs", default=None, help="CA bundle for the cluster's certificate."),
    ]
    for option in reversed(options):
        f = option(f)
    return f


def _settings(index_dir: str, options: dict):
    """EngineSettings from the environment and the command's flags."""
    from .settings import SettingsError, load_settings

    try:
        return load_settings(index=index_dir, **options)
    except SettingsError as e:
        raise click.ClickException(str(e)) from e


def _pop_engine(kwargs: dict) -> dict:
    names = ("engine", "opensearch_url", "opensearch_index", "opensearch_user", "opensearch_password",
             "opensearch_api_key", "opensearch_verify_tls", "opensearch_ca_certs")
    return {n: kwargs.pop(n) for n in names}


class _Main(click.Group):
    """Errors as one line, not a traceback; `--debug` anywhere on the command line shows it."""

    def main(self, args=None, *pargs, **kwargs):
        args = list(sys.argv[1:] if args is None else args)
        self.debug = "--debug" in args or bool(os.environ.get("SEARCHAPP_DEBUG"))
        if "--debug" in args:
            args.remove("--debug")
        return super().main(args, *pargs, **kwargs)

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
            raise
        except BrokenPipeError:
            # The reader went away (`searchapp parse … | head`): stop quietly, as other tools do;
            # what is left to flush goes nowhere instead of raising again at exit.
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            raise click.exceptions.Exit(141) from None  # 128 + SIGPIPE, as a shell reports it
        except Exception as e:
            if getattr(self, "debug", False):
                raise
            message = " ".join(str(e).split()) or type(e).__name__
            raise click.ClickException(f"{message} (run with --debug for the traceback)") from e


@click.group(cls=_Main)
@click.version_option(package_name="searchapp")
def main() -> None:
    """searchapp: search Chinese newspaper archives.

    Errors are one line; add --debug to any command for the traceback.
    """


@main.command()
@click.argument("files", nargs=-1, required=True)
@click.option("--json", "as_json", is_flag=True, help="Print one JSON object with a key `articles`.")
def parse(files: tuple[str, ...], as_json: bool) -> None:
    """Segment page files (or article JSONL) into articles and print them."""
    from .ingest import SourceError, SourceTally, check_sources, iter_parsed, parsed_to_json, render_listing, sources_without_articles

    try:
        check_sources(list(files))
    except SourceError as e:
        raise click.ClickException(str(e)) from None
    tally: dict[str, SourceTally] = {}
    pages = list(iter_parsed(list(files), tally))
    if as_json:
        click.echo(json.dumps(parsed_to_json(pages), ensure_ascii=False, indent=2))
        for page in pages:  # the listing shows them; JSON goes to stdout, warnings to stderr
            for warning in page.warnings:
                click.echo(f"warning: {warning}", err=True)
    else:
        click.echo(render_listing(pages))
    empty = sources_without_articles(tally)
    if empty:
        raise click.ClickException("; ".join(empty))


def _unchanged(index_dir: str, settings=None) -> str:
    """What a refusal leaves as it was: the live index where there is one, else nothing at all."""
    from .index import index_exists

    if settings is not None and settings.engine == "opensearch":
        return "nothing was written to OpenSearch"
    if index_exists(index_dir):
        return "the live index is unchanged"
    return f"nothing was built (there is no index at {_folder(index_dir)} yet)"


def _folder(path: str) -> str:
    """A folder as the reader typed it, marked as one: index -> index/."""
    return path if path.endswith("/") else path + "/"


def _index_work(action, sources: list[str], index_dir: str, jobs: int | None, force: bool, settings=None):
    """Build or add: check the sources first, stream the pages (progress bar with time left on a
    terminal), and refuse before the switch (or commit) if a source yielded no article."""
    from .index import BuildRefused
    from .ingest import SourceError, SourceTally, check_sources, count_pages, iter_parsed, sources_without_articles

    try:
        check_sources(sources)
    except SourceError as e:
        raise click.ClickException(f"{e}: {_unchanged(index_dir, settings)}") from None
    tally: dict[str, SourceTally] = {}

    def check(summary) -> None:
        empty = sources_without_articles(tally)
        if empty:
            raise BuildRefused("; ".join(empty) + ": " + _unchanged(index_dir, settings))

    pages = iter_parsed(sources, tally)
    try:
        if sys.stderr.isatty():
            with click.progressbar(length=count_pages(sources), label="indexing", file=sys.stderr,
                                   show_pos=True, show_eta=True, item_show_func=lambda _: None) as bar:
                return action(pages, index_dir, jobs=jobs, progress=lambda page: bar.update(1), force=force, check=check)
        return action(pages, index_dir, jobs=jobs, force=force, check=check)
    except RuntimeError as e:  # BuildRefused, IndexMissing, another build running
        raise click.ClickException(str(e)) from None


def _n(count: int, noun: str) -> str:
    """1 article, 2 articles (the CLI speaks English; the archive's own text stays as printed)."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _echo_summary(verb: str, summary) -> None:
    rate = summary.characters / summary.seconds if summary.seconds else 0
    click.echo(
        f"{verb} {summary.path}: {_n(summary.pages, 'page')}, {_n(summary.articles, 'article')}, "
        f"{_n(summary.paragraphs, 'paragraph')}, {_n(summary.characters, 'character')} in {summary.seconds:.2f} s "
        f"({rate / 1e6:.2f} M chars/s), {_n(summary.warning_count, 'warning')}"
    )
    for warning in summary.warnings[:20]:
        click.echo(f"  warning: {warning}")
    if summary.warning_count > 20:
        click.echo(f"  … and {summary.warning_count - 20} more")


@main.command()
@click.option("--source", "sources", multiple=True, help="Page folder, page file or article JSONL (repeatable). Default: seeds/.")
@_index_option
@click.option("--jobs", type=int, default=None, help="Processes that parse and analyse pages (default: one per core).")
@click.option("--force", is_flag=True, help="Switch even if the new build holds under half the live index's articles.")
@click.option("--shards", type=click.IntRange(1, 1024), default=1, show_default=True, help="OpenSearch: primary shards of the new index.")
@click.option("--replicas", type=click.IntRange(0, 16), default=1, show_default=True, help="OpenSearch: replicas of each shard.")
@_engine_options
def build(sources: tuple[str, ...], index_dir: str, jobs: int | None, force: bool, shards: int, replicas: int, **engine) -> None:
    """Build a fresh index and switch to it atomically (Tantivy: the `current` link; OpenSearch: the alias).

    Refused, with the live index untouched: a source that does not exist, holds no pages or
    yields no article (e.g. cannot be decoded), and (without --force) a build holding fewer
    than half the live index's articles.
    """
    from .index import build_index

    settings = _settings(index_dir, _pop_engine(engine))
    action = build_index
    if settings.engine == "opensearch":
        from .opensearch_index import build_index as build_opensearch

        def action(pages, _dir, jobs=None, progress=None, force=False, check=None):
            return build_opensearch(pages, settings, jobs=jobs, progress=progress, shards=shards, replicas=replicas,
                                    force=force, check=check)

    _echo_summary("built", _index_work(action, list(sources) or [str(SEEDS)], index_dir, jobs, force, settings))


@main.command()
@click.argument("paths", nargs=-1, required=True)
@_index_option
@click.option("--force", is_flag=True, help="Commit even if the index would keep under half its articles.")
@_engine_options
def add(paths: tuple[str, ...], index_dir: str, force: bool, **engine) -> None:
    """Add pages to the existing index; a page already there is replaced.

    The same refusals as build: a missing, empty or unreadable source leaves the index as it was.
    """
    from .index import add_pages

    settings = _settings(index_dir, _pop_engine(engine))
    if settings.engine == "opensearch":
        from .opensearch_index import add_pages as add_opensearch

        def add_pages(pages, _dir, jobs=1, progress=None, force=False, check=None):
            return add_opensearch(pages, settings, jobs=jobs, progress=progress, force=force, check=check)

    _echo_summary("added to", _index_work(add_pages, list(paths), index_dir, 1, force, settings))


@main.command()
@click.argument("query", required=False, default="")
@click.option("--district", help="A place: 小店区, 小店, 延庆县 (historical), 太原市, 山西, 140105, or a path 山西省/太原市/小店区.")
@click.option("--date", "date", help="Date facet value: YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--from", "date_from", help="From date, YYYY-MM-DD.")
@click.option("--to", "date_to", help="To date, YYYY-MM-DD.")
@click.option("--sort", type=click.Choice(["relevance", "newest", "oldest"]), default="relevance", show_default=True)
@click.option("--page", type=int, default=1, show_default=True)
@click.option("--person", help="Articles naming this person, as the build found the name: 林武 (also person:林武 in the query).")
@click.option("--org", help="Articles naming this organisation: 太原市委 (also org:太原市委).")
@click.option("--author", help="Articles by this writer (the normalised name from bylines and credits): 郭娟 (also author:郭娟).")
@click.option("--json", "as_json", is_flag=True, help="Print exactly what GET /api/search returns.")
@_index_option
@_engine_options
def search(query, district, date, date_from, date_to, sort, page, person, org, author, as_json, index_dir, **engine) -> None:
    """Search the index."""
    from .archive import Archive
    from .index import IndexMissing
    from .params import request_from_args
    from .results import BadRequest

    settings = _settings(index_dir, _pop_engine(engine))
    args = {"q": query, "district": district, "date": date, "from": date_from, "to": date_to, "sort": sort, "page": str(page),
            "person": person, "org": org, "author": author}
    try:
        request = request_from_args({k: v for k, v in args.items() if v is not None})
        result = Archive.open(settings).search(request)
    except (BadRequest, IndexMissing) as e:
        raise click.ClickException(str(e)) from e
    if as_json:
        click.echo(json.dumps(result.to_api(), ensure_ascii=False, indent=2))
        return
    _print_result(result)


def _strip_marks(html: str) -> str:
    import html as htmllib
    import re

    return htmllib.unescape(re.sub(r"</?mark>", lambda m: "【" if m.group(0) == "<mark>" else "】", html))


def _print_result(result) -> None:
    for w in result.warnings:
        click.echo(f"note: {w}", err=True)
    for c in result.district_choices:
        click.echo(f"  --district {c.value}", err=True)
    card = result.person_card
    if card:  # who the one person filtered on is in the archive (person_card.py)
        span = f", {card.first} to {card.last}" if card.first else ""
        click.echo(f"{card.name}: named in {_n(card.articles, 'article')} of the archive{span}")
        for t in card.titles:
            dates = t.first if t.first == t.last else f"{t.first} to {t.last}"
            click.echo(f"  printed as {t.title}: {dates}, {_n(t.articles, 'article')}")
        if not card.complete:
            click.echo(f"  (titles read from the newest {card.read} articles)")
    words = "  ".join(result.words) if result.words else "(every article)"
    click.echo(f"{_n(result.total_articles, 'article')} ({result.took_ms:.1f} ms); searched for: {words}")
    first = (result.page - 1) * result.request.per_page
    for n, hit in enumerate(result.hits, start=first + 1):
        click.echo(f"\n{n}. {_strip_marks(hit.title_html)}  [{hit.id}]")
        # One line of facts, each labelled in English; the values are the archive's own (Chinese) text.
        facts = [f"date {hit.date}" if hit.date else "date unknown"]
        if hit.newspaper:
            facts.append(f"paper {hit.newspaper}")
        if hit.districts:
            facts.append("places " + ", ".join(d.name + (f" (now {d.today})" if d.today else "") for d in hit.districts))
        if hit.people:
            facts.append("people " + ", ".join(hit.people[:6]) + (" …" if len(hit.people) > 6 else ""))
        if hit.authors:
            facts.append("by " + ", ".join(hit.authors))
        # A match only in bylines, captions or headlines holds no body paragraph: say so, not "0 paragraphs".
        outside = result.words and hit.snippet_paragraphs and not any(hit.snippet_paragraphs)
        if outside:
            facts.append("matched outside body paragraphs")
        elif result.words and hit.matched_paragraphs:
            facts.append(f"{_n(hit.matched_paragraphs, 'paragraph')} matched")
        click.echo("   " + "; ".join(facts))
        for snippet in hit.snippets:
            # A snippet cut from a longer paragraph carries its own "…"; the bar only marks it as quoted.
            click.echo(f"   | {_strip_marks(snippet)}")
    if result.pages > 1:
        click.echo(f"\npage {result.page} of {result.pages}")
    if not result.total_articles and result.relaxations:
        click.echo("\nnothing found; try:")
        for r in result.relaxations:
            click.echo(f"  {r.label}: {_n(r.count, 'article')}")


@main.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8000, show_default=True, type=int)
@click.option("--workers", default=1, show_default=True, type=int, help="gunicorn worker processes.")
@_index_option
@_engine_options
def serve(host: str, port: int, workers: int, index_dir: str, **engine) -> None:
    """Serve the site (gunicorn); builds the index from seeds/ first where there is none."""
    from .index import SCHEMA_VERSION, BuildRefused, build_index, index_exists, outdated_build
    from .ingest import iter_parsed
    from .web import run_server

    settings = _settings(index_dir, _pop_engine(engine))
    _check_port_free(host, port)
    if settings.engine == "opensearch":
        from . import opensearch_index

        try:
            if not opensearch_index.index_exists(settings):
                click.echo(f"nothing behind {settings.description}: building it from {SEEDS} …")
                _echo_summary("built", opensearch_index.build_index(iter_parsed([str(SEEDS)]), settings))
        except (RuntimeError, OSError) as e:
            raise click.ClickException(str(e)) from e
    elif not index_exists(index_dir):
        outdated = outdated_build(index_dir)
        if outdated:
            click.echo(f"{index_dir} was built by an older searchapp (index schema {outdated.get('schema_version')}, "
                       f"this one reads {SCHEMA_VERSION}): building it again from {SEEDS} …")
        else:
            click.echo(f"No index at {_folder(index_dir)} yet: building one from the demo pages in {_folder(str(SEEDS))} …")
        try:
            _echo_summary("built", build_index(iter_parsed([str(SEEDS)]), index_dir))
        except BuildRefused as e:
            # An archive of the user's own, in the old format: the seeds must not replace it.
            raise click.ClickException(
                f"{e}. It holds an archive built by an older searchapp: rebuild it from its sources with "
                f"`searchapp build --source PATH … --index {index_dir}`, then serve") from None
    click.echo(f"serving http://{host}:{port}/ ({settings.description}, {workers} worker(s))")
    run_server(settings=settings, host=host, port=port, workers=workers)


def _check_port_free(host: str, port: int) -> None:
    import errno
    import socket

    try:
        with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind((host, port))
    except OSError as e:
        if e.errno == errno.EADDRINUSE:
            raise click.ClickException(
                f"port {port} on {host} is already in use (another searchapp serve?): choose another with --port, e.g. --port {port + 1}"
            ) from None
        raise click.ClickException(f"cannot listen on {host}:{port}: {e.strerror or e} (change it with --host / --port)") from None


@main.command()
@click.option("--pd1998", "pd1998", help="Path to 199801.utf8.txt.xz (../shared/corpora/pd1998/): article segmentation.")
@click.option("--limit-pages", type=int, default=None, help="Evaluate only the first N pages of each day set.")
@click.option("--places", "places", help="Path to 199801.utf8.txt.xz: county-level places against its /ns tags.")
@click.option("--people", "people", help="Path to 199801.utf8.txt.xz: people and authors found against its /nr tags.")
@click.option("--orgs", "orgs", help="Path to 199801.utf8.txt.xz: organisations found against its /nt tags.")
@click.option("--dates", "days", default="01-20", show_default=True, help="With --places, --people, --orgs: days of the month (21-31 is the held-out check).")
@click.option("--known-items", "known_items", help="Article JSONL[.xz] corpus: known-item search (MRR@10, success@1).")
@click.option("--index", "index_dir", help="With --known-items: the corpus's index (built there if missing; default a temporary one).")
@click.option("--queries", type=int, default=300, show_default=True, help="With --known-items: how many queries.")
@click.option("--seed", type=int, default=None, help="With --known-items: sampling seed (default fixed, so runs compare).")
def evaluate(
    pd1998: str | None, limit_pages: int | None, places: str | None, people: str | None, orgs: str | None, days: str,
    known_items: str | None, index_dir: str | None, queries: int, seed: int | None,
) -> None:
    """Measure segmentation (--pd1998: tuning days 01-20 and held-out days 21-31 apart), place tagging (--places) or people and organisations (--people, --orgs) on People's Daily 1998, or known-item ranking on an article corpus (--known-items)."""
    if not pd1998 and not places and not known_items and not people and not orgs:
        raise click.UsageError("give --pd1998 FILE (segmentation), --places FILE (places), --people FILE / --orgs FILE (names) or --known-items CORPUS.jsonl[.xz] (ranking)")
    if pd1998:
        from .evaluation import evaluate_pd1998, format_report

        click.echo(format_report(evaluate_pd1998(pd1998, limit_pages=limit_pages)))
    if places:
        from . import place_evaluation

        try:
            span = place_evaluation.parse_days(days)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--dates") from None
        if not Path(places).is_file():
            raise click.BadParameter(f"no such file: {places}", param_hint="--places")
        click.echo(place_evaluation.format_report(place_evaluation.evaluate_places(places, span)))
    if people or orgs:
        from . import entity_evaluation

        try:
            span = entity_evaluation.parse_days(days)
        except ValueError as e:
            raise click.BadParameter(str(e), param_hint="--dates") from None
        corpus = people or orgs
        if not Path(corpus).is_file():
            raise click.BadParameter(f"no such file: {corpus}", param_hint="--people" if people else "--orgs")
        kinds = tuple(k for k, wanted in (("people", people), ("organisations", orgs)) if wanted)
        click.echo(entity_evaluation.format_report(entity_evaluation.evaluate_entities(corpus, span), kinds))
    if known_items:
        from . import known_items as ki

        if not Path(known_items).exists():
            raise click.BadParameter(f"no such file: {known_items}", param_hint="--known-items")
        if queries < 1:
            raise click.BadParameter("must be at least 1", param_hint="--queries")
        report = ki.run_known_items(known_items, index_dir, queries, ki.DEFAULT_SEED if seed is None else seed)
        click.echo(ki.format_report(report))


@main.command()
@click.argument("corpus")
@click.option("--sizes", default="0.1,0.5,1", show_default=True, help="Fractions of the corpus to run at.")
@click.option("--no-http", is_flag=True, help="Skip the HTTP measurement against `searchapp serve --workers 2`.")
@click.option("--no-peers", is_flag=True, help="Skip SQLite FTS5 and Whoosh.")
@click.option("--json-out", help="Also write every figure as JSON here.")
@click.option("--engine", type=click.Choice(["tantivy", "opensearch"]), default="tantivy", show_default=True,
              help="opensearch: Tantivy beside local OpenSearch clusters (--nodes) on the largest size instead.")
@click.option("--nodes", default="1,2", show_default=True, help="With --engine opensearch: cluster sizes to run.")
@click.option("--heap", default="1g", show_default=True, help="With --engine opensearch: JVM heap per node.")
@click.option("--scale", type=int, help="Instead: the corpus ×1 and this many times over (other ids, dates shifted "
              "back 12 years a copy), side by side: build, size, latency, exact totals, recall.")
@click.option("--workdir", help="With --scale: keep the corpora and indexes here.")
@click.option("--reuse", is_flag=True, help="With --scale and --workdir: reuse indexes built there before.")
def bench(corpus: str, sizes: str, no_http: bool, no_peers: bool, json_out: str | None, engine: str, nodes: str, heap: str,
          scale: int | None, workdir: str | None, reuse: bool) -> None:
    """Benchmark build and query speed on an article JSONL corpus, beside FTS5 and Whoosh (or OpenSearch)."""
    from .bench import run_benchmark, run_scale

    if scale is not None:
        if not 2 <= scale <= 20:
            raise click.BadParameter("must be from 2 to 20", param_hint="--scale")
        result = run_scale(corpus, scale, http=not no_http, workdir=workdir, reuse=reuse)
        if json_out:
            Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")
        return

    try:
        fractions = [float(x) for x in sizes.split(",")]
    except ValueError:
        raise click.BadParameter(f"not a list of fractions: {sizes!r}", param_hint="--sizes") from None
    if not fractions or not all(0 < f <= 1 for f in fractions):
        raise click.BadParameter("each fraction must be in (0, 1]", param_hint="--sizes")
    if engine == "opensearch":
        from . import opensearch_node
        from .bench_opensearch import run_engines_benchmark

        try:
            counts = [int(x) for x in nodes.split(",")]
        except ValueError:
            raise click.BadParameter(f"not a list of node counts: {nodes!r}", param_hint="--nodes") from None
        if not counts or not all(1 <= n <= 5 for n in counts):
            raise click.BadParameter("each node count must be from 1 to 5", param_hint="--nodes")
        try:
            result = run_engines_benchmark(corpus, max(fractions), counts, http=not no_http, heap=heap)
        except opensearch_node.NodeError as e:
            raise click.ClickException(str(e)) from e
    else:
        result = run_benchmark(corpus, fractions, http=not no_http, peers=not no_peers)
    if json_out:
        Path(json_out).write_text(json.dumps(result, ensure_ascii=False, indent=1), "utf-8")


# --------------------------------------------------------------------------- OpenSearch

@main.group()
def opensearch() -> None:
    """A local OpenSearch cluster assembled from Maven Central (needs java and mvn)."""


def _data_option(f):
    return click.option(
        "--data", "data_dir", default=None,
        help="Cluster data folder (config, data and logs of each node). Default: ~/.cache/searchapp/opensearch/cluster.",
    )(f)


@opensearch.command("fetch")
def opensearch_fetch() -> None:
    """Assemble an OpenSearch node from its Maven jars into the cache folder (once)."""
    from . import opensearch_node

    try:
        home = opensearch_node.fetch(log=lambda m: click.echo(m, err=True))
    except opensearch_node.NodeError as e:
        raise click.ClickException(str(e)) from e
    click.echo(f"OpenSearch {opensearch_node.VERSION} in {home}")


@opensearch.command("start")
@click.option("--nodes", type=click.IntRange(1, 5), default=1, show_default=True, help="Nodes on loopback.")
@_data_option
@click.option("--heap", default="512m", show_default=True, help="JVM heap of each node.")
@click.option("--timeout", type=float, default=240, show_default=True, help="Seconds to wait for green.")
@click.option("--node", "only", multiple=True, help="Start only this node of an existing cluster (e.g. node-2 after stopping it).")
def opensearch_start(nodes: int, data_dir: str | None, heap: str, timeout: float, only: tuple[str, ...]) -> None:
    """Start N nodes on loopback, wait until the cluster is green, print its URL last."""
    from . import opensearch_node

    try:
        if not opensearch_node.is_fetched():
            opensearch_node.fetch(log=lambda m: click.echo(m, err=True))
        info = opensearch_node.start(
            nodes, data_dir, heap=heap, timeout=timeout, only=list(only) or None,
            log=lambda m: click.echo(m, err=True),
        )
    except opensearch_node.NodeError as e:
        raise click.ClickException(str(e)) from e
    click.echo(info.url)


@opensearch.command("stop")
@_data_option
@click.option("--node", "only", multiple=True, help="Stop only this node (e.g. node-2).")
def opensearch_stop(data_dir: str | None, only: tuple[str, ...]) -> None:
    """Stop the cluster's nodes (SIGTERM, then SIGKILL after 30 s)."""
    from . import opensearch_node

    stopped = opensearch_node.stop(data_dir, only=list(only) or None, log=lambda m: click.echo(m, err=True))
    click.echo(f"stopped {stopped} node(s)")


if __name__ == "__main__":
    main()
