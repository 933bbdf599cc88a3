"""Placement along ranks: integer positions with guaranteed gaps, items near their neighbours."""

from __future__ import annotations

from collections.abc import Sequence


def pack(targets: Sequence[float], widths: Sequence[int], gaps: Sequence[int]) -> list[int]:
    """Integer left edges, in order, each ``gap`` after the previous item, as near as
    possible (least squares) to ``targets``.

    This is isotonic regression on ``target - minimal offset`` solved by pooling
    adjacent violators, then rounded so that every gap still holds.
    """
    n = len(targets)
    if n == 0:
        return []
    offset = [0] * n
    for i in range(1, n):
        offset[i] = offset[i - 1] + widths[i - 1] + gaps[i - 1]
    values = [targets[i] - offset[i] for i in range(n)]
    blocks: list[list[float]] = []  # [sum, count]
    for value in values:
        blocks.append([value, 1.0])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += count
    fitted: list[float] = []
    for total, count in blocks:
        fitted.extend([total / count] * int(count))
    out: list[int] = []
    for i in range(n):
        u = round(fitted[i]) + offset[i]
        if out:
            u = max(u, out[-1] + widths[i - 1] + gaps[i - 1])
        out.append(u)
    return out
