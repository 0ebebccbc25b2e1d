"""A process: where it may go from its phase, and who may read an entry of its activity."""
