"""The JSON API is what README.md's "JSON API" section says it is, field for field.

The README's tables are the contract: this test parses them (each table's header names the
object, `Search field`, `Hit field`, …; each row a field, `filters.from` for a key of a nested
object, `neighbours[].id` for a key of the objects in an array, and its type) and calls the real
API through Flask's test client on the seeds' index, with requests that bring out every
conditional field (no results, a shared place name, a selected year, a query's highlights) and,
for the one thing the seeds never print, a historical place name (`note: "旧名"`), one more small
archive. It fails when the API returns a field the README does not document, when a documented
field never appears, or when a value is not of its documented type. A new field in `to_api` is
therefore a README edit (its table row, and the changelog), not a change to this test.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict

import pytest

from conftest import ROOT
from searchapp.web import create_app

README = ROOT / "README.md"
ROW = re.compile(r"^\|\s*`([^`]+)`\s*\|\s*([^|]+?)\s*\|")
SCALARS = {"string": str, "integer": int, "number": (int, float), "boolean": bool, "null": type(None), "object": dict}


def api_tables() -> dict[str, dict[str, str]]:
    """{object name: {field path: type}} from the tables of the README's "## JSON API" section."""
    text = README.read_text("utf-8")
    section = re.search(r"^## JSON API\n(.*?)(?=^## )", text, re.M | re.S)
    assert section, "README.md has no '## JSON API' section"
    tables: dict[str, dict[str, str]] = {}
    current = None
    for line in section.group(1).splitlines():
        header = re.match(r"^\|\s*(\w+) field\s*\|\s*type\s*\|", line)
        if header:
            current = tables.setdefault(header.group(1), {})
        elif current is not None and (row := ROW.match(line)):
            assert row.group(1) not in current, f"{row.group(1)} is documented twice"
            current[row.group(1)] = row.group(2).strip()
        elif not line.startswith("|"):
            current = None
    return tables


def references(type_: str, tables) -> str | None:
    """The table a field's type names (`array of Hit` -> Hit), if any."""
    m = re.fullmatch(r"(?:array of )?(\w+)(?: or null)?", type_)
    return m.group(1) if m and m.group(1) in tables else None


def type_errors(value, type_: str, tables) -> list[str]:
    """Why `value` is not of the documented type ([] when it is)."""
    options = [t.strip() for t in type_.split(" or ")]
    for option in options:
        if option.startswith("array of "):
            item = option.removeprefix("array of ")
            if isinstance(value, list) and all(not type_errors(v, item, tables) for v in value):
                return []
        elif option in tables:
            if isinstance(value, dict):
                return []
        else:
            assert option in SCALARS, f"README type {option!r} (in {type_!r}) is not one of {sorted(SCALARS)}, array of …, or a table"
            if isinstance(value, SCALARS[option]) and not (option in ("integer", "number") and isinstance(value, bool)):
                return []
    return [f"{value!r:.80} is not {type_}"]


class Contract:
    """Checks API objects against the tables; remembers which documented fields it has seen."""

    def __init__(self, tables):
        self.tables = tables
        self.seen: dict[str, set[str]] = defaultdict(set)

    def check(self, obj: dict, table: str, where: str) -> None:
        documented = self.tables[table]
        assert isinstance(obj, dict), f"{where}: a {table} is not an object: {obj!r:.80}"
        for path, value in self._fields(obj, "", documented):
            assert path in documented, (
                f"{where}: the API returns {table} field `{path}`, which README.md's JSON API section does not "
                f"document: add it to the `{table} field` table (and the API changelog)")
            self.seen[table].add(path)
            type_ = documented[path]
            problems = type_errors(value, type_, self.tables)
            assert not problems, f"{where}: {table} field `{path}`: {problems[0]}"
            if (ref := references(type_, self.tables)) and value is not None:
                for n, item in enumerate(value if isinstance(value, list) else [value]):
                    self.check(item, ref, f"{where}.{path}[{n}]")

    def _fields(self, obj: dict, prefix: str, documented: dict[str, str]):
        for key, value in obj.items():
            path = prefix + key
            yield path, value
            # A documented reference to another table is checked as that table; any other nested
            # object (or array of objects) is flattened here: `filters.from`, `neighbours[].id`.
            if path in documented and references(documented[path], self.tables):
                continue
            if isinstance(value, dict):
                yield from self._fields(value, path + ".", documented)
            elif isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                for item in value:
                    yield from self._fields(item, path + "[].", documented)

    def never_seen(self) -> dict[str, list[str]]:
        return {t: sorted(set(fields) - self.seen[t]) for t, fields in self.tables.items() if set(fields) - self.seen[t]}


# A printed name no longer in use (延庆县, 1998) beneath today's unit: the facet's `note`.
HISTORICAL = [
    {"id": "yanqing-1998", "newspaper": "人民日报", "date": "1998-01-05", "title": "延庆县今冬农田水利建设进展顺利",
     "paragraphs": ["本报北京1月4日讯 延庆县今冬共完成农田水利工程三百余项，受益农田十万亩。"]},
    {"id": "yanqing-2022", "newspaper": "北京日报", "date": "2022-02-01", "title": "延庆区冬奥赛区服务保障就绪",
     "paragraphs": ["延庆区各项服务保障工作已经就绪，志愿者全部到岗。"]},
]

SEARCHES = [
    {"q": "太原"},  # hits with snippets and places, facets with a district tree
    {},  # no query: every article, newest first
    {"date": "2022"},  # a selected year: months, empty ones included; a selected facet value
    {"q": "太原", "district": "朝阳区"},  # a shared name: district_choices, warnings, relaxations
    {"q": "不存在的词汇甲乙丙"},  # nothing found: relaxations
    {"q": "疫情", "newspaper": "太原日报", "from": "2022-01-01", "to": "2022-12-31", "sort": "oldest", "page": "2"},
    {"person": "林武"},  # one person: person_card with the titles printed beside the name
]


@pytest.fixture(scope="module")
def tables():
    found = api_tables()
    assert {"Search", "Hit", "Place", "FacetValue", "Article"} <= set(found), sorted(found)
    return found


@pytest.fixture(scope="module")
def seeds_client(seed_index_dir):
    return create_app({"INDEX": seed_index_dir, "TESTING": True}).test_client()


@pytest.fixture(scope="module")
def historical_client(tmp_path_factory):
    from searchapp.index import build_index
    from searchapp.ingest import iter_parsed

    folder = tmp_path_factory.mktemp("api-contract")
    source = folder / "articles.jsonl"
    source.write_text("\n".join(json.dumps(a, ensure_ascii=False) for a in HISTORICAL) + "\n", "utf-8")
    build_index(iter_parsed([str(source)]), folder / "index", jobs=1)
    return create_app({"INDEX": str(folder / "index"), "TESTING": True}).test_client()


def get_json(client, url: str, **params) -> dict:
    response = client.get(url, query_string=params)
    assert response.status_code == 200, f"{url} {params}: {response.status_code} {response.get_data(as_text=True)[:300]}"
    return response.get_json()


def test_readme_tables_parse_into_the_documented_objects(tables):
    assert {"query", "hits", "facets.date", "relaxations[].label"} <= set(tables["Search"])
    assert references(tables["Search"]["hits"], tables) == "Hit"
    assert references(tables["Hit"]["places"], tables) == "Place"
    assert references(tables["FacetValue"]["children"], tables) == "FacetValue"
    assert {"permalink", "issue.date", "citation.ris", "neighbours[].id"} <= set(tables["Article"])
    for table, fields in tables.items():
        for field, type_ in fields.items():
            type_errors(None, type_, tables)  # every type is in the vocabulary (asserts otherwise)
            assert "." not in field or field.rsplit(".", 1)[0].removesuffix("[]") in fields, (
                f"{table} field {field}: its parent object is not documented")


def test_api_fields_are_exactly_the_documented_ones(tables, seeds_client, historical_client):
    contract = Contract(tables)
    article_ids = set()
    for client, name in ((seeds_client, "seeds"), (historical_client, "historical")):
        for params in SEARCHES + [{"district": "延庆区"}]:
            data = get_json(client, "/api/search", **params)
            contract.check(data, "Search", f"{name} /api/search {params}")
            article_ids |= {(client, name, h["id"], params.get("q", "")) for h in data["hits"][:3]}
    assert len(article_ids) >= 6
    for client, name, article_id, q in sorted(article_ids, key=lambda x: (x[1], x[2], x[3])):
        data = get_json(client, f"/api/articles/{article_id}", q=q)
        contract.check(data, "Article", f"{name} /api/articles/{article_id}?q={q}")
    assert not contract.never_seen(), (
        f"README.md documents fields the API never returned: {contract.never_seen()} "
        "(renamed or removed? announce it in the API changelog, or serve it under a new version prefix)")


def test_the_contract_catches_an_undocumented_or_missing_field(tables, seeds_client):
    data = get_json(seeds_client, "/api/search", q="太原")
    extra = json.loads(json.dumps(data))
    extra["hits"][0]["mentions"] = []
    with pytest.raises(AssertionError, match="mentions"):
        Contract(tables).check(extra, "Search", "test")
    renamed = json.loads(json.dumps(data))
    renamed["total"] = renamed.pop("total_articles")
    with pytest.raises(AssertionError, match="`total`"):
        Contract(tables).check(renamed, "Search", "test")
    retyped = json.loads(json.dumps(data))
    retyped["hits"][0]["page"] = "3"
    with pytest.raises(AssertionError, match="page"):
        Contract(tables).check(retyped, "Search", "test")
    missing = Contract(tables)
    without = json.loads(json.dumps(data))
    del without["took_ms"]
    missing.check(without, "Search", "test")
    assert "took_ms" in missing.never_seen()["Search"]
