"""The centre's own Ed25519 key ("fair"): it signs what the centre hands a kiosk on a USB stick (its
catalog bundle, the acknowledgement of the kiosk's sales bundle), so a kiosk at a fair without
internet can tell the file came from its centre and was not changed. Kiosks get the public key at
enrollment and in every pull (sync/fair.py keeps it); the private key stays in this database.

Made on first use, by whichever process needs it first: the insert ignores a row another process
wrote first, and everyone then reads the one row that won."""
from __future__ import annotations

import sqlalchemy as sa

from sync.bundle import new_keypair

from central import models as m
from central.clock import utc_now_iso
from central.db import dialect_insert

NAME = "fair"


def keys(conn) -> tuple[str, str]:
    """(private hex, public hex) of the centre's key, made now if it has none yet."""
    row = conn.execute(sa.select(m.signing_keys.c.private_key, m.signing_keys.c.public_key)
                       .where(m.signing_keys.c.name == NAME)).first()
    if row is None:
        priv, pub = new_keypair()
        ins = dialect_insert(conn, m.signing_keys).values(name=NAME, private_key=priv, public_key=pub,
                                                         created_at=utc_now_iso())
        conn.execute(ins.on_conflict_do_nothing(index_elements=["name"]))
        row = conn.execute(sa.select(m.signing_keys.c.private_key, m.signing_keys.c.public_key)
                           .where(m.signing_keys.c.name == NAME)).one()
    return row[0], row[1]


def public_key(engine) -> str:
    """The public key, read without a write transaction once the key exists (asked on every pull)."""
    with engine.connect() as conn:
        pub = conn.execute(sa.select(m.signing_keys.c.public_key).where(m.signing_keys.c.name == NAME)).scalar()
    if pub is None:
        with engine.begin() as conn:
            pub = keys(conn)[1]
    return pub
