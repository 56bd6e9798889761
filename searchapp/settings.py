"""Settings in one place, read by the site and the CLI alike: which engine answers, and where.

Defaults, then the environment (``SEARCHAPP_*``), then explicit overrides (CLI flags, test
config). The embedded Tantivy index is the default and needs nothing running; OpenSearch is
chosen with ``SEARCHAPP_ENGINE=opensearch``.

| setting | environment | default |
| --- | --- | --- |
| engine | SEARCHAPP_ENGINE | tantivy |
| index (Tantivy directory) | SEARCHAPP_INDEX | index |
| opensearch_url | SEARCHAPP_OPENSEARCH_URL | http://127.0.0.1:9200 |
| opensearch_index (the alias readers use) | SEARCHAPP_OPENSEARCH_INDEX | searchapp |
| opensearch_user / opensearch_password | SEARCHAPP_OPENSEARCH_USER / _PASSWORD | none |
| opensearch_api_key | SEARCHAPP_OPENSEARCH_API_KEY | none |
| opensearch_verify_tls | SEARCHAPP_OPENSEARCH_VERIFY_TLS (0/false to turn off) | true |
| opensearch_ca_certs | SEARCHAPP_OPENSEARCH_CA_CERTS | system store |
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from typing import Mapping

ENGINES = ("tantivy", "opensearch")

_ENV = {
    "engine": "SEARCHAPP_ENGINE",
    "index": "SEARCHAPP_INDEX",
    "opensearch_url": "SEARCHAPP_OPENSEARCH_URL",
    "opensearch_index": "SEARCHAPP_OPENSEARCH_INDEX",
    "opensearch_user": "SEARCHAPP_OPENSEARCH_USER",
    "opensearch_password": "SEARCHAPP_OPENSEARCH_PASSWORD",
    "opensearch_api_key": "SEARCHAPP_OPENSEARCH_API_KEY",
    "opensearch_verify_tls": "SEARCHAPP_OPENSEARCH_VERIFY_TLS",
    "opensearch_ca_certs": "SEARCHAPP_OPENSEARCH_CA_CERTS",
}


class SettingsError(ValueError):
    """A setting that cannot be used; the message names it."""


@dataclass(frozen=True)
class EngineSettings:
    engine: str = "tantivy"
    index: str = "index"
    opensearch_url: str = "http://127.0.0.1:9200"
    opensearch_index: str = "searchapp"
    opensearch_user: str | None = None
    opensearch_password: str | None = None
    opensearch_api_key: str | None = None
    opensearch_verify_tls: bool = True
    opensearch_ca_certs: str | None = None

    def to_env(self) -> dict[str, str]:
        """The environment that gives these settings back (for server worker processes)."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if value is None:
                continue
            out[_ENV[f.name]] = ("1" if value else "0") if isinstance(value, bool) else str(value)
        return out

    @property
    def description(self) -> str:
        """Where searches go, for messages (never the password or key)."""
        if self.engine == "opensearch":
            return f"OpenSearch {self.opensearch_url} index {self.opensearch_index}"
        return f"index {self.index}"


def _flag(value: str) -> bool:
    return value.strip().lower() not in ("0", "false", "no", "off", "")


def load_settings(env: Mapping[str, str] | None = None, **overrides) -> EngineSettings:
    """Defaults, then SEARCHAPP_* from env, then the overrides that are not None."""
    env = os.environ if env is None else env
    values: dict = {}
    for name, var in _ENV.items():
        if var in env and env[var] != "":
            values[name] = _flag(env[var]) if name == "opensearch_verify_tls" else env[var]
    values.update({k: v for k, v in overrides.items() if v is not None})
    settings = replace(EngineSettings(), **values)
    if settings.engine not in ENGINES:
        raise SettingsError(f"SEARCHAPP_ENGINE must be one of {', '.join(ENGINES)}, not {settings.engine!r}")
    if settings.engine == "opensearch":
        if not settings.opensearch_url.startswith(("http://", "https://")):
            raise SettingsError(f"SEARCHAPP_OPENSEARCH_URL must start with http:// or https://, not {settings.opensearch_url!r}")
        if settings.opensearch_api_key and settings.opensearch_user:
            raise SettingsError("give either an OpenSearch user and password or an API key, not both")
        name = settings.opensearch_index
        if not name or name != name.lower() or any(c in name for c in ' "*\\<|,>/?#:') or name.startswith(("-", "_", "+")):
            raise SettingsError(f"SEARCHAPP_OPENSEARCH_INDEX {name!r} is not a valid OpenSearch index name (lower case, no spaces or \\/*?\"<>|,#:)")
    return settings
