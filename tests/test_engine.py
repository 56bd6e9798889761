"""Engine settings: defaults, then SEARCHAPP_* environment, then flags; bad values are named."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from searchapp.cli import main
from searchapp.settings import EngineSettings, SettingsError, load_settings


def test_tantivy_is_the_default_and_needs_nothing():
    settings = load_settings(env={})
    assert settings == EngineSettings()
    assert settings.engine == "tantivy" and settings.index == "index"


def test_environment_then_overrides():
    env = {
        "SEARCHAPP_ENGINE": "opensearch",
        "SEARCHAPP_OPENSEARCH_URL": "https://a:9200,https://b:9200",
        "SEARCHAPP_OPENSEARCH_INDEX": "人民日报".encode().hex(),
        "SEARCHAPP_OPENSEARCH_VERIFY_TLS": "false",
        "SEARCHAPP_OPENSEARCH_USER": "reader",
        "SEARCHAPP_OPENSEARCH_PASSWORD": "秘密",
    }
    settings = load_settings(env=env, opensearch_index="taiyuan-daily", opensearch_user=None)
    assert settings.engine == "opensearch"
    assert settings.opensearch_index == "taiyuan-daily"  # the flag wins
    assert settings.opensearch_user == "reader"  # None means "not given"
    assert settings.opensearch_verify_tls is False
    assert "秘密" not in settings.description and "reader" not in settings.description
    assert load_settings(env=settings.to_env()) == settings  # what serve hands to its workers


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"engine": "elastic"}, "SEARCHAPP_ENGINE"),
        ({"engine": "opensearch", "opensearch_url": "localhost:9200"}, "http://"),
        ({"engine": "opensearch", "opensearch_index": "Searchapp"}, "index name"),
        ({"engine": "opensearch", "opensearch_index": "太原 日报"}, "index name"),
        ({"engine": "opensearch", "opensearch_user": "u", "opensearch_api_key": "k"}, "not both"),
    ],
)
def test_bad_settings_are_named(overrides, message):
    with pytest.raises(SettingsError, match=message):
        load_settings(env={}, **overrides)


def test_cli_turns_bad_settings_into_a_message(monkeypatch):
    monkeypatch.setenv("SEARCHAPP_ENGINE", "solr")
    result = CliRunner().invoke(main, ["search", "太原"])
    assert result.exit_code != 0
    assert "SEARCHAPP_ENGINE must be one of tantivy, opensearch" in result.output
    assert "Traceback" not in result.output


def test_opensearch_subcommands_have_help():
    for name in ("fetch", "start", "stop"):
        result = CliRunner().invoke(main, ["opensearch", name, "--help"])
        assert result.exit_code == 0 and len(result.output) > 80, name
