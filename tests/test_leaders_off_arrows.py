"""A name on a leader goes where its leader crosses no exchange's arrow and no other leader,
where such a place is free, even a little further than the first free place (lead's review,
2026-12-06: tavaux_h2's French brief had 5 leader/arrow crossings, zae_example's 16, names
'started inside a cluster of arrows'). Worked out by hand on small scenes, checked with a
segment-crossing test written here, not the placer's."""

from __future__ import annotations

import math

import numpy as np

from eitflow.report.labels import place_labels


def _cross(p, q) -> bool:
    """Whether the segments p and q ((x0, y0), (x1, y1)) cross: each one's ends on either side
    of the other's line (cross products of opposite signs)."""
    def side(a, b, c):
        return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])
    return side(*q, p[0]) * side(*q, p[1]) < 0 and side(*p, q[0]) * side(*p, q[1]) < 0


def test_a_leader_goes_round_a_block_rather_than_across_an_arrow():
    """One marker at (200, 100), r = 5.5 px, in a frame 400 x 200 px; a vertical arrow at x = 212
    (y 0 to 200, 4 px wide: the placer keeps boxes 2 + 1.5 px off it, x 208.5 to 215.5); a block
    (another name, say) left of the marker, x 100 to 196, y 40 to 160.

    Beside the marker every place is taken (right: the arrow; left: the block; above and below a
    name centred on x = 200 is ~76 px wide, so it reaches x = 238, across the arrow). One ring
    out, the right place (text from x = 221.5, box from 218.5) is clear of the arrow but its
    leader, from the marker's edge (205.5, 100) to the box at x = 218.5, crosses x = 212. That is
    the place main kept: the only places crossing nothing lie above y = 40 or below y = 160 (the
    block) and left of x = 208.5 (the arrow), at least 60 px from the marker's centre (straight
    up to y = 40), more than the 18.5 + 16 px main allowed a moved leader. Now the name is there:
    its leader crosses no arrow, 60 to 75 px long (a place on the 24 directions every 15 degrees,
    the nearest free one: up-left, about 65 px)."""
    xy = np.array([[200.0, 100.0]])
    arrow = [(212.0, 0.0, 212.0, 200.0, 2.0 + 1.5)]
    block = (100.0, 40.0, 196.0, 160.0)
    got = place_labels(xy, 5.5, ["Chaufferie"], [0], (0.0, 0.0, 400.0, 200.0), fs=11.0,
                       obstacles=[block], arrows=arrow)
    assert len(got) == 1 and got[0].leader is not None
    x0, y0, x1, y1 = got[0].leader
    assert not _cross(((x0, y0), (x1, y1)), ((212.0, 0.0), (212.0, 200.0))), got[0]
    length = math.hypot(x1 - 200.0, y1 - 100.0)
    assert 60.0 - 1e-6 <= length <= 75.0, (length, got[0])
    b = got[0].box
    assert b[2] <= 208.5 and (b[3] <= 40.0 or b[1] >= 160.0), b   # left of the arrow, off the block


def test_a_leader_crosses_no_other_leader():
    """Four markers (r = 5.5 px) named in the order A, B, C, D: A (188, 96), B (210, 97),
    C (199, 114), D (218, 107). A and C take places beside their markers (left of them); B's
    name goes a ring out to its right (text from x = 228.5), its leader along y = 97 from its
    marker's edge (215.5) to x = 228.5. D's places beside its marker are taken (right: B's box,
    y 91.5 to 105, against D's 101.5 to 115; left: C's marker), and on main its name went a ring
    out above it (box y 74.5 to 88), its leader up x = 218 from y = 101.5 to 88: across B's at
    (218, 97), so either name could be read as the other site's. The placer's docstring said a
    leader crosses no other leader; it was never tested. Now D's name goes a ring out below (box
    from y = 107 + 21.5 + 9 - 11 + 1 = 127.5), its leader down x = 218 from y = 112.5: no two
    leaders cross, all four named."""
    xy = np.array([[188.0, 96.0], [210.0, 97.0], [199.0, 114.0], [218.0, 107.0]])
    got = place_labels(xy, 5.5, ["Site A", "Site B", "Site C", "Site D"], [0, 1, 2, 3],
                       (0.0, 0.0, 400.0, 200.0), fs=11.0, arrows=[])
    assert sorted(lb.text for lb in got) == ["Site A", "Site B", "Site C", "Site D"]
    leaders = [lb.leader for lb in got if lb.leader is not None]
    assert leaders   # (else it proves nothing)
    for i, p in enumerate(leaders):
        for q in leaders[i + 1:]:
            assert not _cross((p[:2], p[2:]), (q[:2], q[2:])), (p, q)
    d = next(lb for lb in got if lb.text == "Site D")
    assert d.box[1] >= 107.0 + 5.5, d   # below its marker
