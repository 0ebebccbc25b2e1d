"""Page read-models that compose several features (a version's page with its amendments, threads and
process): above the feature packages, which never import them."""
