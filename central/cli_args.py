"""Argument types of `main.py server`: a bad value is refused by argparse with one `error:` line
and exit code 2 (main.py's Parser), before anything is opened, bound or created. Spellings are
uvicorn's where it has them (`--log-level warning`)."""
from __future__ import annotations

import argparse
import ipaddress
import re
from pathlib import Path

# uvicorn's --log-level choices; "trace" is uvicorn's level below debug (debug here)
LOG_LEVELS = {"critical": "CRITICAL", "error": "ERROR", "warning": "WARNING", "warn": "WARNING",
              "info": "INFO", "debug": "DEBUG", "trace": "DEBUG"}
_HOSTNAME = re.compile(r"(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?")


def whole_number(low: int, high: int, what: str):
    def parse(text: str) -> int:
        if not (text.isascii() and text.isdigit() and len(text) <= len(str(high))) or not low <= int(text) <= high:
            raise argparse.ArgumentTypeError(f"expected {what} from {low:,} to {high:,}, not {text!r}")
        return int(text)

    parse.__name__ = what
    return parse


port = whole_number(1, 65535, "a port number")


def log_level(text: str) -> str:
    """critical/error/warning/info/debug/trace in any case; the logging module's name for it."""
    level = LOG_LEVELS.get(text.strip().lower())
    if level is None:
        raise argparse.ArgumentTypeError(f"expected one of {', '.join(k for k in LOG_LEVELS if k != 'warn')}, "
                                         f"not {text!r}")
    return level


def host(text: str) -> str:
    """An IP address (v4 or v6) or a host name to listen on."""
    try:
        return str(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        pass
    if len(text) > 253 or not _HOSTNAME.fullmatch(text) or text.replace(".", "").isdigit():
        raise argparse.ArgumentTypeError(f"expected an IP address or a host name, not {text!r}")
    return text


def database_url(text: str) -> str:
    """sqlite:///FILE (its folder must exist: nothing is made on a typo) or postgresql://..."""
    import sqlalchemy as sa

    try:
        url = sa.engine.make_url(text)
    except Exception:  # noqa: BLE001 - SQLAlchemy's ArgumentError and ValueError for bad ports
        raise argparse.ArgumentTypeError(f"not a database URL: {text!r} (sqlite:///FILE or postgresql://...)") \
            from None
    if url.get_backend_name() not in ("sqlite", "postgresql"):
        raise argparse.ArgumentTypeError(f"expected a sqlite:/// or postgresql:// URL, not {text!r}")
    if url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:"):
        path = Path(url.database)
        if path.is_dir():
            raise argparse.ArgumentTypeError(f"{path} is a folder, not a database file")
        if not path.parent.is_dir():
            raise argparse.ArgumentTypeError(f"the folder {path.parent} does not exist")
    return text
