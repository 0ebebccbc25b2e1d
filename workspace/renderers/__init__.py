"""Documents made from the services' views (Word files …): pure functions from a view to bytes."""
