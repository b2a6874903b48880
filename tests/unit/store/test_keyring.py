"""Key slots: each user's password opens the database key; re-keying keeps every slot working."""

import secrets

import pytest

from flexidesk.store.keyslots import BadCredentials, KeySlots, keyfile_path


def test_each_user_and_the_recovery_key_unlock_the_same_key(tmp_path):
    db_path = tmp_path / "school.db"
    _, key, recovery = KeySlots.create(db_path, [("head", "Ada Quill", "apple pie"),
                                                ("office", "Cara Lind", "banana split")])
    ring = KeySlots.load(db_path)
    assert ring.unlock("head", "apple pie") == key
    assert ring.unlock("office", "banana split") == key
    assert ring.unlock_recovery(recovery.lower()) == key
    assert ring.usernames() == ["head", "office"]
    assert keyfile_path(db_path).stat().st_mode & 0o777 == 0o600


def test_wrong_password_and_unknown_name_get_the_same_message(tmp_path):
    db_path = tmp_path / "school.db"
    KeySlots.create(db_path, [("head", "Ada Quill", "apple pie")])
    ring = KeySlots.load(db_path)
    with pytest.raises(BadCredentials) as wrong:
        ring.unlock("head", "apple crumble")
    with pytest.raises(BadCredentials) as unknown:
        ring.unlock("nobody", "apple pie")
    assert str(wrong.value) == str(unknown.value)


def test_reseal_after_rekey_keeps_users_and_removed_user_is_locked_out(tmp_path):
    db_path = tmp_path / "school.db"
    _, old_key, recovery = KeySlots.create(db_path, [("head", "Ada", "pw-head"),
                                                    ("leaver", "Lee", "pw-leaver")])
    stale_copy = keyfile_path(db_path).read_text()
    ring = KeySlots.load(db_path)
    ring.remove_user("leaver")
    new_key = secrets.token_bytes(32)
    ring.reseal_all(new_key)
    ring = KeySlots.load(db_path)
    assert ring.unlock("head", "pw-head") == new_key
    assert ring.unlock_recovery(recovery) == new_key
    with pytest.raises(BadCredentials):
        ring.unlock("leaver", "pw-leaver")
    # The leaver's old copy of the key file only ever opens the old key.
    keyfile_path(db_path).write_text(stale_copy)
    assert KeySlots.load(db_path).unlock("leaver", "pw-leaver") == old_key


def test_a_rekey_keeps_the_earlier_keys_sealed_under_the_new_one(tmp_path):
    import secrets

    path = tmp_path / "school.db"
    ring, first_key, _recovery = KeySlots.create(path, [("ada", "Ada Quill", "ada password 1")])
    second_key, third_key = secrets.token_bytes(32), secrets.token_bytes(32)
    ring.reseal_all(second_key, first_key)
    ring.reseal_all(third_key, second_key)
    ring = KeySlots.load(path)
    assert ring.unlock("ada", "ada password 1") == third_key
    # Newest first; only the current key opens them, and a stranger's key opens none.
    assert ring.previous_keys(third_key) == [second_key, first_key]
    assert ring.previous_keys(second_key) == []
    assert ring.previous_keys(secrets.token_bytes(32)) == []
    assert first_key.hex() not in keyfile_path(path).read_text("utf-8")
