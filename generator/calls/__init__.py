"""Finding Metabase API calls in a user's Python code (parsed with ast, never run): calls of the
generated client (`mb.card.get(...)`) and raw HTTP calls (`requests.get(f"{url}/api/card/{id}")`),
matched against an IR. A consumer of the IR only: no reader, no renderer."""
