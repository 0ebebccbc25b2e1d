"""Publication: the render model of the frozen text, what the committee asks when it publishes, and
the gate that keeps a version from being published."""
