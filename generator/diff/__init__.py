"""IR vs IR: breaking-change rules, move detection, code impact, report printers."""
