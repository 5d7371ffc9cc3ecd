"""Pages and files anyone may read without signing in: the traceability page of each product at
its GS1 Digital Link address (/01/<GTIN-14>), the pictures (/media/…), and the province's OCOP
catalog as open data (/opendata/…). Nothing here writes."""
