"""The engines that can answer for the archive; archive.py's flow runs above them.

`base` says what an engine is asked for (Match, orders, aggregations) and what it returns;
`tantivy_engine` is the embedded index (the default), `opensearch_engine` a cluster.
"""

from __future__ import annotations

from ..settings import EngineSettings
from .base import Engine


def open_engine(settings: EngineSettings) -> Engine:
    """The engine these settings name, opened (the OpenSearch client is imported only when used)."""
    if settings.engine == "opensearch":
        from .opensearch_engine import OpenSearchEngine

        return OpenSearchEngine(settings)
    from .tantivy_engine import TantivyEngine

    return TantivyEngine(settings.index)
