"""mbgen: Metabase API description -> IR -> typed Python client, API-change reports."""

__version__ = "0.1.0"
