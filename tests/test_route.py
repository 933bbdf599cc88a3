"""The channel track router: every net gets a track, and lines never share a column."""

from __future__ import annotations

from archgen.layout.route import ChannelNet, assign_tracks


def test_two_doglegs_in_one_channel_drop_down_different_columns() -> None:
    # Two crossed pairs (each net descends where the other rises) force two
    # doglegs; both would pick the free column in their middle, 5.
    nets = [
        ChannelNet(0, [0], [10]),
        ChannelNet(1, [10], [0]),
        ChannelNet(2, [2], [8]),
        ChannelNet(3, [8], [2]),
    ]
    assign_tracks(nets)
    doglegs = [n.dogleg for n in nets if n.dogleg is not None]
    assert len(doglegs) == 2
    assert len(set(doglegs)) == 2, f"two doglegs share column {doglegs[0]}"
    ends = {c for n in nets for c in n.tops + n.bottoms}
    assert not ends & set(doglegs)


def test_a_net_descending_where_another_rises_runs_below_it() -> None:
    upper = ChannelNet(0, [4], [12])
    lower = ChannelNet(1, [0], [4])  # descends at 4, where ``upper`` rises
    assign_tracks([upper, lower])
    assert lower.track > upper.track
