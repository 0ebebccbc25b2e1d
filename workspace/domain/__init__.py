"""Pure domain logic: no I/O, no framework, no database. One package per feature, as in services/
(declaration, amendments, comments, ...), over the common core at this level (errors, values,
vocabulary, words, diffing, ...) that every feature may use and that imports no feature."""
