"""Translations: where one stands against its source, quality checks, the memory, the glossary as
typed, and XLIFF files."""
