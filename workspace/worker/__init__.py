"""Work after the request on Huey: the queue, its tasks, and the worker that runs them."""

from .jobs import Jobs, make_huey

__all__ = ["Jobs", "make_huey"]
