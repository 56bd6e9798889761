"""The local OpenSearch cluster: assembled from Maven jars, started green, stopped, restarted on its data."""

from __future__ import annotations

import json
import urllib.request

import pytest
from click.testing import CliRunner

from searchapp import opensearch_node
from searchapp.cli import main


def test_descriptor_has_only_keys_opensearch_accepts():
    text = opensearch_node._descriptor("analysis-common", opensearch_node.MODULES["analysis-common"])
    keys = {line.split("=", 1)[0] for line in text.splitlines()}
    assert keys == {"name", "description", "version", "opensearch.version", "java.version", "classname", "extended.plugins"}
    assert f"opensearch.version={opensearch_node.VERSION}" in text.splitlines()


def test_artifact_names_follow_opensearch_codebase_rule():
    from pathlib import Path

    assert opensearch_node._artifact_name(Path("lucene-core-9.12.3.jar")) == "lucene-core"
    assert opensearch_node._artifact_name(Path("netty-codec-http-4.1.135.Final.jar")) == "netty-codec-http"
    assert opensearch_node._artifact_name(Path("zstd-jni-1.5.5-5.jar")) == "zstd-jni"


def test_two_node_settings_bootstrap_only_a_fresh_cluster(tmp_path):
    nodes = [opensearch_node.NodeInfo("node-1", 9201, 9301), opensearch_node.NodeInfo("node-2", 9202, 9302)]
    info = opensearch_node.ClusterInfo(str(tmp_path), "c", nodes)
    fresh = opensearch_node._node_settings(info, nodes[1], tmp_path / "node-2", fresh=True)
    again = opensearch_node._node_settings(info, nodes[1], tmp_path / "node-2", fresh=False)
    assert 'cluster.initial_cluster_manager_nodes: ["node-1"]' in fresh
    assert "initial_cluster_manager" not in again
    assert '"127.0.0.1:9301", "127.0.0.1:9302"' in fresh
    assert "discovery.type" not in fresh


def test_start_without_a_fetched_node_says_what_to_run(tmp_path, monkeypatch):
    monkeypatch.setenv("SEARCHAPP_OPENSEARCH_CACHE", str(tmp_path / "empty-cache"))
    with pytest.raises(opensearch_node.NodeError, match="searchapp opensearch fetch"):
        opensearch_node.start(1, tmp_path / "data")


def test_stop_with_nothing_running_is_quiet(tmp_path):
    result = CliRunner().invoke(main, ["opensearch", "stop", "--data", str(tmp_path)])
    assert result.exit_code == 0
    assert "stopped 0 node(s)" in result.output


def _request(url: str, method: str = "GET", body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method, headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=60) as response:
        return json.loads(response.read())


def test_one_node_starts_green_stops_and_restarts_on_its_data(tmp_path):
    if missing := opensearch_node.missing_tools():
        pytest.skip(f"needs {' and '.join(missing)}")
    opensearch_node.fetch(log=lambda m: None)
    runner = CliRunner()
    data = tmp_path / "one"
    try:
        started = runner.invoke(main, ["opensearch", "start", "--nodes", "1", "--data", str(data)])
        assert started.exit_code == 0, started.output
        url = started.output.strip().splitlines()[-1]
        assert url.startswith("http://127.0.0.1:")
        assert opensearch_node.cluster_health(url)["status"] == "green"
        _request(f"{url}/papers", "PUT", {"settings": {"number_of_replicas": 0}})
        _request(f"{url}/papers/_doc/1?refresh=true", "PUT", {"title": "太原市小店区召开疫情防控会议"})

        stopped = runner.invoke(main, ["opensearch", "stop", "--data", str(data)])
        assert "stopped 1 node(s)" in stopped.output
        assert opensearch_node.cluster_health(url, timeout=2) is None

        again = runner.invoke(main, ["opensearch", "start", "--nodes", "1", "--data", str(data)])
        assert again.exit_code == 0, again.output
        url = again.output.strip().splitlines()[-1]
        doc = _request(f"{url}/papers/_doc/1")
        assert doc["_source"]["title"] == "太原市小店区召开疫情防控会议"
    finally:
        opensearch_node.stop(data, log=lambda m: None)


def test_two_nodes_form_one_green_cluster(opensearch_cluster):
    health = opensearch_node.cluster_health(opensearch_cluster.url)
    assert health["status"] == "green"
    assert health["number_of_nodes"] == 2
    # Both nodes answer for the same cluster.
    names = {opensearch_node.cluster_health(u)["cluster_name"] for u in opensearch_cluster.urls}
    assert names == {opensearch_cluster.cluster_name}
