"""Who pays for a promotion in settlement, the same at the kiosk (pos/promo_settlement.py) and the
centre (central/figures/promo_uses.py, settlement.py): pure arithmetic, no database.

The rule (docs/promotions.md, "Settlement: the carrier pays"), per producer and period, with net
the sales after every discount less refunds and booth / producer the promotions on the producer's
lines by who carries them:

    basis      = net + booth + producer    (the price before promotions: the commission's base)
    commission = round_div(basis x bp, 10_000), rounded once per producer
    payable    = basis - commission - producer

A refund takes back its share of each promotion of the line it refunds by the rule the money goes
back with (pos.sales.refund_net): q of the Q units sold take back round_div(amount x q, Q); the
refund that brings the refunded units to Q takes the rest, so a line refunded whole gives back the
whole promotion. A gift set's promotion is shared among its components' producers like its net.
"""
from __future__ import annotations

from .money import allocate, round_div

NO_PROMO = {"booth": 0, "producer": 0}


def carrier(value) -> str:
    """A use's carrier as settlement reads it: "producer", or "booth" for anything else."""
    return "producer" if value == "producer" else "booth"


def basis(net: int, promo: dict) -> int:
    """What the commission is taken on: the net with the promotions added back, whoever carries
    them (a promotion never moves the booth's commission)."""
    return net + promo["booth"] + promo["producer"]


def payable(net: int, promo: dict, commission: int) -> int:
    """What the producer is owed: the basis less the commission, less the promotions the producer
    carries; the booth-carried ones are the booth's (= net + booth-carried - commission)."""
    return basis(net, promo) - commission - promo["producer"]


def taken_back(sold_qty: int, amounts: list[int], refunds: list[int]) -> list[list[int]]:
    """For each refund of a line (its quantity, in the order the refunds were made), what it takes
    back of each of the line's promotion amounts (module doc)."""
    given = [0] * len(amounts)
    done, out = 0, []
    for qty in refunds:
        done += qty
        parts = [a - g if done >= sold_qty else round_div(a * qty, sold_qty or 1) for a, g in zip(amounts, given)]
        given = [g + p for g, p in zip(given, parts)]
        out.append(parts)
    return out


def shared(amount: int, components: list[tuple[str, int]]) -> list[tuple[str, int]]:
    """A gift set line's promotion `amount` (negative: taken back) split over its components
    [(producer id, component net)] in proportion to their net, largest remainder, adding up
    exactly; [] when the weights are not positive (the line then stays with its own producer)."""
    weights = [n for _p, n in components]
    if sum(weights) <= 0:
        return []
    sign = -1 if amount < 0 else 1
    return [(p, sign * part) for (p, _n), part in zip(components, allocate(abs(amount), weights)) if part]
