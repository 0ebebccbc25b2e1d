"""Tools of the repository's own (checks run by `make lint`), not part of Accord."""
