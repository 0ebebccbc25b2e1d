"""Where each delegation stands, and the consensus view of the whole text."""

from .consensus import consensus, consensus_csv
from .positions import list_positions, set_position
from .views import ConsensusView, PositionView

__all__ = ["ConsensusView", "PositionView", "consensus", "consensus_csv", "list_positions", "set_position"]
