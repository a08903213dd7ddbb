"""Which activity may go on which plot (`allowed_matrix`): the siting's rules on the plots and
the activities alone, read by the candidate placements (`candidates.placements`) and by the
networks, whose nodes include the plots an activity of theirs may use (`candidates.netplots`),
and by `io.siting`'s warnings."""

from __future__ import annotations

# defined beside `Siting`, so that the scenario's checks (`io.siting`: a land-take budget no
# activity can use) read the same rules
from eitflow.scenario import allowed_matrix

__all__ = ["allowed_matrix"]
