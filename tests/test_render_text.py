"""Untrusted text as docstrings: control characters become escapes, nothing else changes."""

from __future__ import annotations

import ast

from generator.render.text import docstring


def test_control_characters_become_escapes_and_the_rest_stays() -> None:
    """Every character up to U+3000: C0 and C1 controls (but newline and tab, and carriage
    return, which becomes a newline) and the two Unicode line separators are escaped, all
    others are kept as they are."""
    escaped = {*range(0x00, 0x20), *range(0x7F, 0xA0), 0x2028, 0x2029} - {0x09, 0x0A, 0x0D}
    for code in range(0x3000):
        if 0xD800 <= code <= 0xDFFF:
            continue
        text = docstring(f"a{chr(code)}b")
        if code in escaped:
            spelled = f"\\x{code:02x}" if code < 256 else f"\\u{code:04x}"
            assert text == f'"""a{spelled}b"""'
        elif chr(code) not in '"\\\n\r':
            assert text == f'"""a{chr(code)}b"""'
    assert docstring("a\rb") == docstring("a\r\nb") == docstring("a\nb") == '"""a\nb\n"""'


def test_a_docstring_reads_back_as_its_text() -> None:
    text = 'Ends "in quotes" \\ with \x1b[31m colour \u2028 and \x85 ""'
    source = docstring(text)
    assert "\x1b" not in source and "\u2028" not in source and "\x85" not in source
    assert ast.literal_eval(source) == text
