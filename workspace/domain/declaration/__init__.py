"""The declaration: its structure (paragraphs and eIds), its Markdown file format, what the
committee asks of it, the working draft's changes, editions side by side and compares as text."""
