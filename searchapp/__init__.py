"""searchapp: a search engine for Chinese newspaper archives."""
