"""Placement along ranks: integer positions with guaranteed gaps, items near their neighbours."""

from __future__ import annotations

from collections.abc import Sequence


def pack(
    targets: Sequence[float],
    widths: Sequence[int],
    gaps: Sequence[int],
    weights: Sequence[float] | None = None,
) -> list[int]:
    """Integer left edges, in order, each ``gap`` after the previous item, as near as
    possible (weighted least squares) to ``targets``.

    This is isotonic regression on ``target - minimal offset`` solved by pooling
    adjacent violators, then rounded so that every gap still holds. Where items
    crowd each other, the heavier ones stay nearer their targets.
    """
    n = len(targets)
    if n == 0:
        return []
    offset = [0] * n
    for i in range(1, n):
        offset[i] = offset[i - 1] + widths[i - 1] + gaps[i - 1]
    weights = weights or [1.0] * n
    blocks: list[list[float]] = []  # [weighted sum, total weight, items]
    for i in range(n):
        blocks.append([(targets[i] - offset[i]) * weights[i], weights[i], 1])
        while len(blocks) > 1 and blocks[-2][0] / blocks[-2][1] > blocks[-1][0] / blocks[-1][1]:
            total, weight, count = blocks.pop()
            blocks[-1][0] += total
            blocks[-1][1] += weight
            blocks[-1][2] += count
    fitted: list[float] = []
    for total, weight, count in blocks:
        fitted.extend([total / weight] * int(count))
    out: list[int] = []
    for i in range(n):
        u = round(fitted[i]) + offset[i]
        if out:
            u = max(u, out[-1] + widths[i - 1] + gaps[i - 1])
        out.append(u)
    return out
