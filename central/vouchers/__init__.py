"""Vouchers at the centre (docs/vouchers.md): issuing codes and allotting their uses to kiosks
(issue.py), what each kiosk's pull carries and the online reservation (redeem.py), and what the
kiosks' sale events say was spent (ingest.py, called from central/events/ingest.py)."""
