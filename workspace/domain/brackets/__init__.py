"""Brackets: the spans of a negotiated text that are not agreed yet, read from its Markdown, resolved to an option
or dropped, and the clean text they leave."""
