"""The centre's side of cash-register e-invoices (issue 13): the invoices kiosks issued offline
reach each seller's provider exactly once (sender.py, through a provider adapter in providers/),
with per-seller settings (settings.py) and credentials encrypted at rest (secrets.py)."""
