"""Cash-register e-invoices at the kiosk (issue 13): the legal formats (rules), the sellers
the centre sets up (sellers) and the issuing inside a sale's transaction (issue)."""
