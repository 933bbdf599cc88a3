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


def test_no_run_passes_between_a_rising_corner_and_a_descending_one_two_tracks_apart() -> None:
    # ``upper`` rises at 4 and ``lower`` descends there, two tracks lower; a run
    # passing column 4 on the track between would give ``+``, ``-``, ``+`` one
    # under the other in ASCII, read as one line crossing the run.
    upper = ChannelNet(0, [4], [12])
    lower = ChannelNet(1, [0], [4])
    passing = ChannelNet(2, [1], [7])
    assign_tracks([upper, lower, passing])
    assert lower.track >= upper.track + 2
    for net in (upper, lower, passing):
        assert net.track >= 0
    between = range(upper.track + 1, lower.track)
    assert not (lower.track == upper.track + 2 and passing.track in between)


def _row_spans(net: ChannelNet) -> tuple[int, int]:
    """The rows a net's legs fill at its top columns and its bottom columns: a top
    leg runs from row 0 down to the row it leaves at, a bottom leg from the row it
    comes down from to the channel's end."""
    top_row = net.track
    bottom_row = net.track2 if net.dogleg is not None else net.track
    return top_row, bottom_row


def test_two_fan_outs_that_need_each_other_above_break_the_cycle_with_a_dogleg() -> None:
    # Found on a 500-node DAG: a fan-out descends at 73 where the other rises, and
    # the other descends at 44 where the first rises. Neither is a lone line, so
    # one of them takes the dogleg (its branches split on the lower track).
    first = ChannelNet(0, [44], [20, 73])
    second = ChannelNet(1, [73], [44, 57])
    count = assign_tracks([first, second])
    for rising, descending, col in ((first, second, 44), (second, first, 73)):
        # The leg rising at ``col`` leaves the rows above its track; the leg
        # descending there arrives below its own: they must not overlap.
        rises_to, _ = _row_spans(rising)
        _, descends_from = _row_spans(descending)
        assert descends_from > rises_to, (col, first, second, count)
    assert sum(n.dogleg is not None for n in (first, second)) == 1
