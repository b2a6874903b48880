"""docs/server.md, walked as written on a fresh cluster: every step's commands run as they
stand, with only the trust's names put in place (this machine, its port, its folders).

The certificates come from the page's ``openssl`` commands, the server's settings and its
``pg_hba.conf`` from the page's blocks, and the IT team's ``flexidesk`` commands run in a
shell, passwords on standard input as the page gives them. At the end a Headteacher signs
in from a "PC", ``check --server`` finds everything whole, and a connection without TLS is
refused by the page's own ``pg_hba.conf``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psycopg2
import pytest

DOC = Path(__file__).resolve().parents[2] / "docs" / "server.md"
PASSWORDS = {"ITADMIN_PW": "it-admin-secret-phrase", "HEAD_PW": "ada head secret phrase",
             "THEIR_PW": "demo-head", "NEW_HEAD_PW": "birch leader secret phrase",
             "TOM_PW": "tom central secret phrase"}


def steps() -> list[tuple[int, str, list[tuple[str, str]]]]:
    """The page's numbered steps: (number, heading, [(block language, block text)])."""
    found = []
    parts = re.split(r"^\*\*Step (\d+)\. ", DOC.read_text(encoding="utf-8"), flags=re.M)
    for number, body in zip(parts[1::2], parts[2::2], strict=True):
        body = body.split("\n## ")[0]
        blocks = re.findall(r"```(\w+)\n(.*?)```", body, flags=re.S)
        found.append((int(number), body.split("**")[0].strip(), blocks))
    return found


def test_the_page_numbers_its_steps_in_order():
    assert [n for n, _heading, _blocks in steps()] == list(range(1, 11))


@pytest.fixture(scope="module")
def walk(tmp_path_factory):
    from tests.server.pg_cluster import pg_bin_dir, start_cluster

    if pg_bin_dir() is None or shutil.which("openssl") is None:
        pytest.skip("PostgreSQL server binaries or openssl not installed")
    cluster = start_cluster()
    yield cluster, tmp_path_factory.mktemp("walk")
    cluster.stop()


def _local(text: str, cluster, folder: Path) -> str:
    """The page's trust-wide names, put for this machine."""
    conf = f"{cluster.data_dir}/"
    text = text.replace("/etc/postgresql/15/main/", conf)
    text = text.replace("flexidesk.trust.example/", f"localhost:{cluster.port}/")
    text = text.replace("flexidesk.trust.example", "localhost")
    text = text.replace("10.0.0.0/8", "127.0.0.1/32")
    text = text.replace("/path/to/flexidesk.db", str(folder / "birchrow.db"))
    if os.geteuid() != 0:
        text = text.replace("sudo install -o postgres -g postgres", "install")
    return text.replace("sudo install", "install")


def _shell(script: str, folder: Path, bin_dir: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, **PASSWORDS, "PATH": f"{bin_dir}:{os.environ['PATH']}",
           "FLEXIDESK_HOME": str(folder / "home"), "QT_QPA_PLATFORM": "offscreen"}
    script = "\n".join(line for line in script.splitlines() if not line.startswith("read -rs"))
    done = subprocess.run(["bash", "-e", "-c", script], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{script}\n{done.stdout}\n{done.stderr}"
    return done


def test_the_set_up_walked_as_written(walk):
    from flexidesk.demo import seed_demo
    from flexidesk.store import close_database

    cluster, folder = walk
    bin_dir = folder / "bin"  # `flexidesk` as installed: this checkout's
    bin_dir.mkdir()
    (bin_dir / "flexidesk").write_text(f"#!/bin/sh\nexec {sys.executable} -m flexidesk \"$@\"\n")
    (bin_dir / "flexidesk").chmod(0o755)
    seed_demo(folder / "birchrow.db", pupils=30, seed=3)  # a school's own (encrypted) file
    close_database()
    done = []
    for number, _heading, blocks in steps():
        for language, text in blocks:
            text = _local(text, cluster, folder)
            if language == "conf" and "TYPE" in text:  # Step 5: the whole pg_hba.conf
                hba = cluster.data_dir / "pg_hba.conf"
                # The test's own superuser keeps its private socket (the page's `postgres`).
                hba.write_text("local all all trust\n" + text)
            elif language == "conf":  # Step 4: added to postgresql.conf; this machine's
                with open(cluster.data_dir / "postgresql.conf", "a") as conf:  # own address
                    conf.write(text + "listen_addresses = '127.0.0.1'\n")
            elif "apt-get install" in text:
                continue  # Step 1: installed already
            elif "systemctl restart" in text:
                cluster.restart()
            elif "sudo -u postgres" in text:  # Step 6, as the cluster's superuser
                _as_superuser(cluster, text)
            elif "--remember" in text and "migrate" not in text:  # Step 10: a PC signs in
                _shell(text.strip() + " --user aquill@ashlane --password-stdin --screenshot "
                       f"{folder / 'shots'} <<< \"$HEAD_PW\"", folder, bin_dir)
            else:
                _shell(text, folder, bin_dir)
        done.append(number)
    assert done == list(range(1, 11))
    assert (folder / "shots" / "today.png").stat().st_size > 0
    check = _shell(_local("echo \"$ITADMIN_PW\" | flexidesk check --server "
                          "postgresql://itadmin@flexidesk.trust.example/flexidesk "
                          "--ca-file trust-ca.crt --password-stdin", cluster, folder),
                   folder, bin_dir)
    assert check.stdout.count("audit chain intact") == 3  # two schools and the trust's own
    # The page's pg_hba.conf turns away a connection without TLS, before any password.
    with pytest.raises(psycopg2.OperationalError, match="no encryption"):
        psycopg2.connect(host="127.0.0.1", port=cluster.port, dbname="flexidesk",
                         user="aquill@ashlane", password=PASSWORDS["HEAD_PW"],
                         sslmode="disable")
    with psycopg2.connect(host="localhost", port=cluster.port, dbname="flexidesk",
                          user="aquill@ashlane", password=PASSWORDS["HEAD_PW"],
                          sslmode="verify-full", sslrootcert=str(folder / "trust-ca.crt")) as conn:
        assert conn.info.ssl_in_use
    # auth_delay: a wrong password waits half a second for its answer.
    started = time.monotonic()
    with pytest.raises(psycopg2.OperationalError, match="password authentication failed"):
        psycopg2.connect(host="localhost", port=cluster.port, dbname="flexidesk",
                         user="aquill@ashlane", password="a wrong guess", sslmode="verify-full",
                         sslrootcert=str(folder / "trust-ca.crt"))
    assert time.monotonic() - started >= 0.45


def _as_superuser(cluster, text: str) -> None:
    """Step 6's ``createuser`` and ``createdb``, as their SQL (no terminal to prompt on)."""
    conn = psycopg2.connect(cluster.admin_dsn())
    conn.autocommit = True
    with conn.cursor() as cur:
        if "createuser --createrole --pwprompt itadmin" in text:
            cur.execute("CREATE ROLE itadmin LOGIN CREATEROLE PASSWORD %s",
                        (PASSWORDS["ITADMIN_PW"],))
        if "createdb --owner itadmin flexidesk" in text:
            cur.execute("CREATE DATABASE flexidesk OWNER itadmin")
    conn.close()
