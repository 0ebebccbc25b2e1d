"""Use cases: one function per action a person takes. Transaction, permission, activity."""
