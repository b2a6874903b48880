"""A throwaway PostgreSQL cluster on loopback with TLS (a made-up CA and server certificate)."""

from __future__ import annotations

import datetime as dt
import glob
import ipaddress
import os
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

SUPERUSER = "fdadmin"


def pg_bin_dir() -> Path | None:
    """Where the Debian `postgresql` package put initdb and pg_ctl, or None."""
    for candidate in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if Path(candidate, "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _write_tls(folder: Path) -> Path:
    """A CA and a server certificate for localhost/127.0.0.1; returns the CA file."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    # Valid whatever the machine's date (the suite runs under faketime on odd days too).
    since, until = dt.datetime(2000, 1, 1, tzinfo=dt.UTC), dt.datetime(2099, 12, 31, tzinfo=dt.UTC)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "Fictional Trust Test CA")])
    ca = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
          .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
          .not_valid_before(since).not_valid_after(until)
          .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
          .sign(ca_key, hashes.SHA256()))
    key = ec.generate_private_key(ec.SECP256R1())
    cert = (x509.CertificateBuilder()
            .subject_name(x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")]))
            .issuer_name(ca_name).public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            .not_valid_before(since).not_valid_after(until)
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .sign(ca_key, hashes.SHA256()))
    (folder / "ca.crt").write_bytes(ca.public_bytes(serialization.Encoding.PEM))
    (folder / "server.crt").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (folder / "server.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL,
        serialization.NoEncryption()))
    os.chmod(folder / "server.key", 0o600)
    return folder / "ca.crt"


@dataclass
class Cluster:
    """A running cluster: TCP on 127.0.0.1:port (TLS only), the superuser on a socket."""

    bin_dir: Path
    data_dir: Path
    socket_dir: Path
    port: int
    ca_file: Path
    as_postgres: bool

    def _run(self, *argv: str) -> subprocess.CompletedProcess:
        cmd = [str(self.bin_dir / argv[0]), *argv[1:]]
        if self.as_postgres:  # initdb and postgres refuse to run as root
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        done = subprocess.run(cmd, capture_output=True, text=True, timeout=120)
        if done.returncode:
            raise RuntimeError(f"{argv[0]} failed: {done.stderr or done.stdout}")
        return done

    def admin_dsn(self, dbname: str = "postgres") -> str:
        """The superuser over the cluster's private socket (tests and set-up only)."""
        return f"host={self.socket_dir} port={self.port} user={SUPERUSER} dbname={dbname}"

    def url(self, dbname: str, user: str) -> str:
        """A FlexiDesk server URL for ``user`` on ``dbname`` over loopback."""
        return f"postgresql://{user}@localhost:{self.port}/{dbname}"

    def create_database(self, name: str) -> None:
        import psycopg2

        conn = psycopg2.connect(self.admin_dsn())
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(f'CREATE DATABASE "{name}"')
        conn.close()

    def halt(self) -> None:
        """Stop the server at once, as a crash or a pulled plug would (its folder stays)."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")

    def start(self) -> None:
        """Start the server again after ``halt``."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-l",
                  str(self.data_dir.parent / "server.log"), "-w", "-t", "60", "start")

    def restart(self) -> None:
        """Stop the server cleanly and start it again (its settings read afresh)."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "fast", "-w", "stop")
        self.start()

    def stop(self) -> None:
        """Stop the server and remove its folder."""
        self._run("pg_ctl", "-D", str(self.data_dir), "-m", "immediate", "-w", "stop")
        shutil.rmtree(self.data_dir.parent, ignore_errors=True)


def start_cluster() -> Cluster:
    """initdb a new cluster in a new temporary folder; start it with TLS on a free loopback port.

    The folder is made directly in the system's temp folder: run as root, the server runs
    as the `postgres` user, who cannot enter pytest's private (0700) folders."""
    bin_dir = pg_bin_dir()
    if bin_dir is None:
        raise RuntimeError("PostgreSQL server binaries are not installed")
    as_postgres = os.geteuid() == 0
    root = Path(tempfile.mkdtemp(prefix="flexidesk-pg-"))
    data_dir, socket_dir, tls_dir = root / "data", root / "sock", root / "tls"
    for folder in (socket_dir, tls_dir):
        folder.mkdir()
    ca_file = _write_tls(tls_dir)
    if as_postgres:
        os.chmod(root, 0o755)
        subprocess.run(["chown", "-R", "postgres:postgres", str(socket_dir), str(tls_dir)],
                       check=True, timeout=30)
        subprocess.run(["chown", "postgres:postgres", str(root)], check=True, timeout=30)
    cluster = Cluster(bin_dir, data_dir, socket_dir, _free_port(), ca_file, as_postgres)
    cluster._run("initdb", "-D", str(data_dir), "-U", SUPERUSER, "--auth-local=trust",
                 "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8")
    settings = (
        f"listen_addresses = '127.0.0.1'\nport = {cluster.port}\n"
        f"unix_socket_directories = '{socket_dir}'\n"
        f"ssl = on\nssl_cert_file = '{tls_dir / 'server.crt'}'\n"
        f"ssl_key_file = '{tls_dir / 'server.key'}'\n"
        "fsync = off\nshared_buffers = 64MB\nmax_connections = 60\n")
    hba = ("local all all trust\n"
           "hostssl all all 127.0.0.1/32 scram-sha-256\n"
           "hostnossl all all 0.0.0.0/0 reject\n")
    _append_as(cluster, data_dir / "postgresql.conf", settings)
    _append_as(cluster, data_dir / "pg_hba.conf", hba, replace=True)
    cluster._run("pg_ctl", "-D", str(data_dir), "-l", str(root / "server.log"), "-w",
                 "-t", "60", "start")
    return cluster


def _append_as(cluster: Cluster, path: Path, text: str, replace: bool = False) -> None:
    mode = "w" if replace else "a"
    with open(path, mode) as fh:
        fh.write(text)
    if cluster.as_postgres:
        subprocess.run(["chown", "postgres:postgres", str(path)], check=True, timeout=30)
