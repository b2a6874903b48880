"""Running SQL as a staff login in the attack suites: refused (with which code) or its rows."""

from __future__ import annotations

import psycopg2
import pytest


def refused(trust, login: str, sql: str, params: tuple = (), *,
            codes: tuple[str, ...] = ("42501",)) -> str:
    """Run ``sql`` as ``login``; it must be refused with one of ``codes``."""
    conn = trust.connect(login)
    try:
        with conn.cursor() as cur, pytest.raises(psycopg2.Error) as error:
            cur.execute(sql, params or None)
        assert error.value.pgcode in codes, f"{sql}: {error.value.pgcode} {error.value}"
        return str(error.value).splitlines()[0]
    finally:
        conn.close()


def rows(trust, login: str, sql: str, params: tuple = ()) -> list:
    conn = trust.connect(login)
    try:
        with conn.cursor() as cur:
            cur.execute(sql, params or None)
            return cur.fetchall() if cur.description else [cur.rowcount]
    finally:
        conn.close()
