"""Finding Metabase API calls in a user's Python code (parsed with ast, never run): calls of the
generated client (`mb.card.get(...)`) and raw HTTP calls (`requests.get(f"{url}/api/card/{id}")`),
matched against an IR, and what a diff's changes break in them. It reads the IR and the diff's
changes only: no reader, no renderer (the diff never imports it)."""
