"""An insider's tools: a laptop school made as this release makes one, its files beside it,
and a way to edit the key file as any text editor (or Python) can."""

import io
import json

from flexidesk.cli import main
from flexidesk.store.keyslots import keyfile_path
from tests.rights_data import SIGNED_HEAD_PASSWORD

HEAD_PW = SIGNED_HEAD_PASSWORD
BEN_PW = "blue heron river"  # pastoral lead
CARA_PW = "sunlit harbour bells"  # office
DEV_PW = "quiet copper kettle"  # governor
STAFF = (("ben", "Ben Marsh", "pastoral_lead", BEN_PW),
         ("cara", "Cara Lind", "office", CARA_PW),
         ("dev", "Dev Okafor", "governor", DEV_PW))


def read_keyfile(path) -> dict:
    return json.loads(keyfile_path(path).read_text("utf-8"))


def write_keyfile(path, data: dict) -> None:
    keyfile_path(path).write_text(json.dumps(data), "utf-8")


def edit_keyfile(path, change) -> None:
    """Edit the key file as an insider with a text editor would: ``change(data)``."""
    data = read_keyfile(path)
    change(data)
    write_keyfile(path, data)


def run_check(monkeypatch, capsys, path, user="tbrook", password=HEAD_PW):
    """``python -m flexidesk check`` as ``user``: (exit status, what it printed)."""
    monkeypatch.setattr("sys.stdin", io.StringIO(password + "\n"))
    code = main(["check", "--db", str(path), "--user", user, "--password-stdin"])
    return code, capsys.readouterr().out
