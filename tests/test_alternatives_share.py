"""`eitflow alternatives`' "share of the optimum" never reads 100 % for a plan short of it.

ludres_backbone's next best plan (`eitflow alternatives -k 3`) earns 4,166,140.08 EUR/yr
against the optimum's 4,166,679.50: 1 - 539.42 / 4,166,679.50 = 0.99987054, which the table
showed as "100,0 %" beside the optimum's own "100,0 %", two plans alike to the reader.
"""

from __future__ import annotations

import pytest

from eitflow.cli.tables import cell


@pytest.mark.parametrize("share, fr, en", [
    (1.0, "100,0 %", "100.0 %"),                                 # the optimum itself
    (4_166_140.084 / 4_166_679.502, "99,99 %", "99.99 %"),       # 99.987 %: as many decimals as say it is less
    (4_143_208.532 / 4_166_679.502, "99,4 %", "99.4 %"),         # 99.437 %: one decimal says it
    (1 - 1e-10, "100,0 %", "100.0 %"),                           # a tie but for float noise
])
def test_a_share_short_of_the_optimum_does_not_read_100(share, fr, en):
    assert cell(share, "share_of_optimum", "fr").replace("\u202f", " ").replace("\u00a0", " ") == fr
    assert cell(share, "share_of_optimum", "en") == en
