"""SQLAlchemy 2 models, engine and session setup, and the queries services use."""
