"""The provider adapters, by the name stored in einvoice_sellers.provider. Adding a provider is its
module (a `Client` subclass, see base.py) and one entry here."""
from __future__ import annotations

from central.einvoice.providers import misa, viettel
from central.einvoice.providers.base import Client

REGISTRY: dict[str, type[Client]] = {
    "viettel": viettel.Viettel,
    "misa": misa.Misa,
}
