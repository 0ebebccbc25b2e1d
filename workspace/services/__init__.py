"""Use cases: one function per action a person takes. Transaction, permission, activity.

One sub-package per feature; a feature imports only features below it (none imports back), the
page read-models composing several live above them in `screens`, and the modules at this level are
what every feature shares (but for `outbox`, which does the outbox's work with the features)."""
