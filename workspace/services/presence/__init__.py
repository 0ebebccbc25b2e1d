"""Who is where in a process: a page's heartbeat, the list a page starts from, and who may see each presence."""

from .records import arrived, heartbeat, present, sights
from .views import PresenceView, Sight, Told

__all__ = ["PresenceView", "Sight", "Told", "arrived", "heartbeat", "present", "sights"]
