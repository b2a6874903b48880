"""A trust's FlexiDesk on PostgreSQL: the connection (TLS verify-full, OS keystore) and its school."""

from __future__ import annotations

import contextlib
import logging
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

import peewee

from flexidesk.i18n import _
from flexidesk.store import server_audit
from flexidesk.store.database import db
from flexidesk.store.errors import StoreError
from flexidesk.store.server_audit import AUDIT_LOCK_CLASS  # noqa: F401 - named here as before

if TYPE_CHECKING:
    from flexidesk.store.server_security import ServerPolicy

log = logging.getLogger(__name__)

#: The keystore's service name for server passwords (one entry per user@host:port/db).
KEYRING_SERVICE = "FlexiDesk server"
#: Ask the operating system to notice a dead network in about a minute, not two hours.
KEEPALIVES = {"keepalives": 1, "keepalives_idle": 30, "keepalives_interval": 10,
              "keepalives_count": 3}


class ServerError(StoreError):
    """The server could not be reached, refused us, or is not a FlexiDesk server."""

    def __init__(self, url: str, message: str):
        super().__init__(url, message)


class ServerUnavailable(ServerError):
    """The connection went (a restart, a dropped network) and could not be made again yet.

    Nothing of the transaction under way was saved; the next one connects afresh."""

    def __init__(self, url: str):
        super().__init__(url, status_text() + " " + _(
            "What you were doing was not saved; please try again in a moment."))


def status_text() -> str:
    """What the window says while the server is out of reach."""
    return _("The server cannot be reached; trying again…")


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
    """The connection's password from the OS keystore (None if none is kept, or if this
    computer has no keystore to keep one in)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, url.account)
    except KeyringError:
        return None


def save_password(url: ServerURL, password: str) -> bool:
    """Keep the connection's password in the OS keystore, never in a file of ours; False if
    this computer has no keystore (a server without a desktop session, say)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, url.account, password)
    except KeyringError:
        log.warning("No keystore on this computer: the server password was not remembered")
        return False
    return True


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
                         connect_timeout=10, application_name="FlexiDesk",
                         **{**KEEPALIVES, **kwargs})

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

    _was_open = False  # once connected, a lost connection is "unavailable", not "wrong"

    def _initialize_connection(self, conn) -> None:
        self._was_open = True
        if self.school_id is not None:
            with conn.cursor() as cur:
                cur.execute("SELECT set_config('app.school_id', %s, false)",
                            (str(int(self.school_id)),))

    def use_school(self, school_id: int | None) -> None:
        """Work as ``school_id`` from now on (this and later connections)."""
        self.school_id = school_id
        if not self.is_closed():
            self._initialize_connection(self.connection())

    # --- a connection that comes back -------------------------------------------------------
    # A server restart or a dropped network closes the connection under us. Between
    # transactions FlexiDesk connects again and carries on; inside one, the transaction is
    # lost (nothing of it was saved) and ServerUnavailable says so, once, until it ends.

    @property
    def _local(self) -> Any:
        """Peewee's connection state for this thread (missing from its type stubs)."""
        return self._state  # type: ignore[attr-defined]

    def _lost(self) -> bool:
        conn = self._local.conn
        return conn is None or getattr(conn, "closed", 0) != 0

    def _forget_connection(self) -> None:
        conn, self._local.conn, self._local.closed = self._local.conn, None, True
        if conn is not None:
            with contextlib.suppress(Exception):
                conn.close()

    def _reconnect(self, cause: BaseException) -> None:
        self._forget_connection()
        try:
            self.connect()
        except ServerError as exc:
            raise ServerUnavailable(str(self.url)) from exc
        log.info("Connected to the server again after a lost connection (%s)",
                 type(cause).__name__)

    def reconnect(self) -> bool:
        """Try to connect again now (between transactions); whether it worked."""
        if self.in_transaction():
            return False
        try:
            self._reconnect(RuntimeError("asked"))
        except ServerUnavailable:
            return False
        return True

    def _dropped(self, exc: BaseException) -> None:
        """After an error: if it was the connection that went, say so (or come back)."""
        if not self._lost():
            return  # a real error from the server, for the caller
        self._forget_connection()
        if self.in_transaction():
            self._local.lost_in_transaction = True
        raise ServerUnavailable(str(self.url)) from exc

    def _refuse_if_lost(self) -> None:
        if self.in_transaction() and getattr(self._local, "lost_in_transaction", False):
            raise ServerUnavailable(str(self.url))

    def cursor(self, named_cursor=None):
        self._refuse_if_lost()
        if self.is_closed() and self._was_open:
            try:
                self.connect()
            except ServerError as exc:  # it was there a moment ago: it will be again
                raise ServerUnavailable(str(self.url)) from exc
        return super().cursor(named_cursor)

    def _execute_cursor(self, sql, params, **cursor_options):
        if params:
            return super()._execute_cursor(sql, params, **cursor_options)
        # No parameters: the statement's own % signs (format(), LIKE 'x%') stay as written.
        self._log_query(sql, params)
        with peewee.__exception_wrapper__:
            cursor = self.cursor(**cursor_options)
            cursor.execute(sql)
        return cursor

    def execute_sql(self, sql, params=None):
        self._refuse_if_lost()
        try:
            return super().execute_sql(sql, params)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if self.in_transaction() or not self._lost():
                self._dropped(exc)
                raise
            self._reconnect(exc)  # between transactions: a read is simply asked again
            return super().execute_sql(sql, params)

    #: Whether a transaction begins by taking its chain's turn (set once the schema is known).
    takes_turns = False

    def begin(self, isolation_level=None) -> None:
        """Begin a transaction holding this school's write lock until it ends.

        Every write ends with an audit append, which must wait its turn anyway; taking the
        turn first means two writers never each hold a row the other needs (a deadlock
        PostgreSQL would break by failing one of them). A connection found gone at the
        start is made again: nothing had been done in it yet."""
        self._local.lost_in_transaction = False
        try:
            super().begin(isolation_level)
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            if not self._lost():
                raise
            self._reconnect(exc)
            super().begin(isolation_level)
        if self.takes_turns:
            self.cursor().execute("SELECT flexidesk.take_turn()")

    def commit(self) -> None:
        self._refuse_if_lost()
        try:
            super().commit()
        except (peewee.OperationalError, peewee.InterfaceError) as exc:
            self._dropped(exc)
            raise

    def rollback(self) -> None:
        if getattr(self._local, "lost_in_transaction", False) or self._lost():
            self._local.lost_in_transaction = False
            self._forget_connection()  # the server already threw the transaction away
            return
        super().rollback()

    def close(self) -> bool:
        if self._lost():
            self._forget_connection()
            return False
        return super().close()

    # --- the audit, written by the server --------------------------------------------------

    #: The server's triggers write the entry for every row change (store.server_audit).
    audits_rows = True

    def audit_chain(self, query: peewee.ModelSelect, *, lock: bool) -> peewee.ModelSelect:
        """Narrow an audit query to this connection's school (the server appends, not us)."""
        return query.where(peewee.SQL("school_id = current_setting('app.school_id')::int"))

    def audit_change(self, action: str, pupil_id: int | None) -> None:
        """Name the row change the next statement makes ('' when it is done)."""
        server_audit.name_change(self, action, pupil_id)

    def audit_note(self, action: str, table_name: str, record_id: int | None,
                   pupil_id: int | None, before: str | None, after: str | None) -> None:
        """An entry that is not a row change (a view, a print), in this login's name."""
        server_audit.note(self, action, table_name, record_id, pupil_id, before, after)

    def audit_verify(self):
        """This school's chain, verified (its Headteacher)."""
        return server_audit.verify_school(self, int(self.school_id or 0))

    def audit_changes(self, mark: int):
        """What this school's entries after ``mark`` touched (any of its staff may know)."""
        return server_audit.changes_since(self, mark)

    def audit_head(self):
        """The newest link of this school's chain."""
        return server_audit.chain_head(self)


def open_server(url: str | ServerURL, *, ca_file: Path | str, password: str | None = None,
                school_id: int | None = None,
                migrate: ServerPolicy | None = None) -> ServerDatabase:
    """Connect to a FlexiDesk server and bind every model to it.

    The password, when not given, comes from the OS keystore. With ``migrate`` (the app's
    permission matrix as a ServerPolicy: ``policy.records.server_grants.server_policy()``)
    the server's schema is brought up to date (the IT team's login only)."""
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

    if migrate is not None:
        engines.migrate_server(database, migrate)
    else:
        engines.check_server_version(database)
    # Transactions take their chain's turn from now on (a server being made has no turns).
    database.takes_turns = bool(database.execute_sql(
        "SELECT to_regprocedure('flexidesk.take_turn()') IS NOT NULL").fetchone()[0])
    return database
