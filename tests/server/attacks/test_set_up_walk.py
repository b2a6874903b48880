"""What walking docs/server.md by hand found (no server needed for these)."""

from __future__ import annotations

from pathlib import Path

from flexidesk.server_connection import Connection, save_connection, saved_connection


def test_a_remembered_ca_file_is_found_from_any_folder(tmp_path, monkeypatch):
    """Step 10 as written (``--ca-file trust-ca.crt --remember`` in the CA's folder), then
    ``flexidesk --server`` alone started from elsewhere: the CA file is still found."""
    monkeypatch.setenv("FLEXIDESK_HOME", str(tmp_path / "home"))
    certs = tmp_path / "certs"
    certs.mkdir()
    (certs / "trust-ca.crt").write_text("-----BEGIN CERTIFICATE-----\n")
    monkeypatch.chdir(certs)
    save_connection(Connection("postgresql://flexidesk.trust.example/flexidesk",
                               "trust-ca.crt"))
    monkeypatch.chdir(tmp_path)
    saved = saved_connection()
    assert saved is not None
    assert Path(saved.ca_file).is_absolute() and Path(saved.ca_file).exists()
