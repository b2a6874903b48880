"""A trust's FlexiDesk on PostgreSQL: the connection (TLS verify-full, OS keystore) and its school."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

import peewee

from flexidesk.i18n import _
from flexidesk.store.database import db
from flexidesk.store.errors import StoreError

#: The keystore's service name for server passwords (one entry per user@host:port/db).
KEYRING_SERVICE = "FlexiDesk server"
#: Advisory-lock class for audit appends: with the school id it names one school's chain.
AUDIT_LOCK_CLASS = 4242


class ServerError(StoreError):
    """The server could not be reached, refused us, or is not a FlexiDesk server."""

    def __init__(self, url: str, message: str):
        super().__init__(url, message)


@dataclass(frozen=True)
class ServerURL:
    """postgresql://USER@HOST:PORT/DB, parsed; a password in the URL is refused."""

    user: str
    host: str
    port: int
    dbname: str

    @classmethod
    def parse(cls, url: str) -> ServerURL:
        parts = urlsplit(url)
        if parts.scheme not in ("postgresql", "postgres") or not parts.hostname:
            raise ServerError(url, _("A server address looks like postgresql://HOST/DATABASE."))
        if parts.password:
            raise ServerError(url, _(
                "Put no password in the server address: FlexiDesk keeps it in the "
                "system's keystore."))
        dbname = unquote(parts.path.lstrip("/"))
        if not dbname:
            raise ServerError(url, _("The server address names no database."))
        return cls(unquote(parts.username or ""), parts.hostname, parts.port or 5432, dbname)

    @property
    def account(self) -> str:
        """The keystore's account name for this connection."""
        return f"{self.user}@{self.host}:{self.port}/{self.dbname}"

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        return f"postgresql://{user}{self.host}:{self.port}/{self.dbname}"


def saved_password(url: ServerURL) -> str | None:
    """The connection's password from the OS keystore (None if none is kept)."""
    import keyring

    return keyring.get_password(KEYRING_SERVICE, url.account)


def save_password(url: ServerURL, password: str) -> None:
    """Keep the connection's password in the OS keystore, never in a file of ours."""
    import keyring

    keyring.set_password(KEYRING_SERVICE, url.account, password)


class ServerDatabase(peewee.PostgresqlDatabase):
    """PostgreSQL over TLS (verify-full against the trust's CA); each connection knows its school.

    ``school_id`` is set on every connection as ``app.school_id``: new rows take it as their
    school, row-level security shows only that school's rows, and audit appends lock and
    chain that school's log. 0 is the trust itself (trust roles read across schools).
    """

    engine = "postgresql"

    def __init__(self, url: ServerURL, *, password: str | None, ca_file: Path | str,
                 school_id: int | None = None, **kwargs):
        self.url = url
        # Messages and the status bar name the server as they name a file (as a path would
        # fold the address's "//", it is given without its scheme).
        self.path = f"{url.host}:{url.port}/{url.dbname} (PostgreSQL)"
        self.school_id = school_id
        super().__init__(url.dbname, host=url.host, port=url.port, user=url.user or None,
                         password=password, sslmode="verify-full", sslrootcert=str(ca_file),
                         connect_timeout=10, application_name="FlexiDesk", **kwargs)

    def _connect(self):
        import psycopg2

        try:
            conn = super()._connect()
        except psycopg2.OperationalError as exc:
            reason = str(exc).strip().splitlines()[0]
            if "SSL error" in reason or "certificate" in reason:
                raise ServerError(str(self.url), _(
                    "The server {url} could not prove it is the trust's server (its "
                    "certificate does not check against the CA file {ca}). Nothing was sent "
                    "to it; ask the trust's IT team.").format(
                        url=self.url, ca=self.connect_params["sslrootcert"])) from exc
            raise ServerError(str(self.url), _(
                "Could not connect to the server {url}: {reason}").format(
                    url=self.url, reason=reason)) from exc
        return conn

    def _initialize_connection(self, conn) -> None:
        if self.school_id is not None:
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('app.school_id', %s, false)",
                            (str(int(self.school_id)),))

    def use_school(self, school_id: int | None) -> None:
        """Work as ``school_id`` from now on (this and later connections)."""
        self.school_id = school_id
        if not self.is_closed():
            self._initialize_connection(self.connection())

    def begin(self, isolation_level=None) -> None:
        """Begin a transaction holding this school's write lock until it ends.

        Every write ends with an audit append, which must wait its turn anyway; taking the
        turn first means two writers never each hold a row the other needs (a deadlock
        PostgreSQL would break by failing one of them)."""
        super().begin(isolation_level)
        self.cursor().execute(
            "SELECT pg_advisory_xact_lock(%s, coalesce(nullif(current_setting("
            "'app.school_id', true), ''), '0')::int)", (AUDIT_LOCK_CLASS,))

    def audit_chain(self, query: peewee.ModelSelect, *, lock: bool) -> peewee.ModelSelect:
        """Narrow an audit query to this connection's school; with ``lock``, hold its chain.

        The advisory lock is held to the end of the transaction, so two writers of one
        school append one after the other and the chain never forks."""
        if lock:
            self.execute_sql("SELECT pg_advisory_xact_lock(%s, "
                             "current_setting('app.school_id')::int)", (AUDIT_LOCK_CLASS,))
        return query.where(peewee.SQL("school_id = current_setting('app.school_id')::int"))


def open_server(url: str | ServerURL, *, ca_file: Path | str, password: str | None = None,
                school_id: int | None = None, migrate: bool = False) -> ServerDatabase:
    """Connect to a FlexiDesk server and bind every model to it.

    The password, when not given, comes from the OS keystore. With ``migrate`` the
    server's schema is brought up to date (the trust's owner role only)."""
    parsed = url if isinstance(url, ServerURL) else ServerURL.parse(url)
    if not Path(ca_file).is_file():
        raise ServerError(str(parsed), _(
            "The trust's CA file {path} is missing: FlexiDesk only talks to a server whose "
            "certificate it can check.").format(path=ca_file))
    if password is None:
        password = saved_password(parsed)
    database = ServerDatabase(parsed, password=password, ca_file=ca_file, school_id=school_id)
    database.connect()
    db.initialize(database)
    from flexidesk.store import engines

    if migrate:
        engines.migrate_server(database)
    else:
        engines.check_server_version(database)
    return database
