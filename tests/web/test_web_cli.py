"""`veille users …` and `veille serve`, driven in-process."""

import json
import socket

import pytest


def test_users_commands_manage_accounts_tokens_and_sharing(cli, monkeypatch):
    import io
    import sys

    assert cli("users", "org-add", "ewc", "--name", "Early-warning centre", "--receives-reports").code == 0
    assert cli("users", "org-add", "partner", "--name", "Partner NGO").code == 0
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    added = cli("users", "add", "Analyst@EWC.example", "--role", "analyst", "--org", "ewc", "--password-stdin")
    assert added.code == 0 and "analyst@ewc.example (analyst, ewc)" in added.stdout
    listed = json.loads(cli("users", "list", "--json").stdout)
    assert [(u["email"], u["role"], u["org_id"], u["active"]) for u in listed] == [
        ("analyst@ewc.example", "analyst", "ewc", True)]
    token = cli("users", "token", "analyst@ewc.example", "--label", "scripts", "--days", "30")
    secret = token.stdout.strip()
    assert token.code == 0 and secret.startswith("vt_") and len(secret) > 40
    tokens = json.loads(cli("users", "tokens", "--json").stdout)
    assert tokens[0]["label"] == "scripts" and secret not in json.dumps(tokens)
    assert cli("users", "revoke", tokens[0]["token_id"]).code == 0
    assert json.loads(cli("users", "tokens", "--json").stdout)[0]["revoked_at"] is not None
    assert cli("users", "share", "ewc", "partner").code == 0
    orgs = cli("users", "orgs")
    assert "ewc" in orgs.stdout and "partner" in orgs.stdout
    assert cli("users", "set", "analyst@ewc.example", "--disabled").code == 0
    assert json.loads(cli("users", "list", "--json").stdout)[0]["active"] is False
    audit = json.loads(cli("users", "audit", "--json").stdout)
    assert {"user.add", "token.create", "token.revoke", "org.share", "user.set"} <= {e["action"] for e in audit}


def test_users_commands_refuse_bad_input_with_a_message(cli, monkeypatch):
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.StringIO("short\n"))
    weak = cli("users", "add", "a@b.example", "--password-stdin")
    assert weak.code == 2 and "at least 10 characters" in weak.stderr
    monkeypatch.setattr(sys, "stdin", io.StringIO("a long enough password\n"))
    assert "no organisation 'nope'" in cli("users", "add", "a@b.example", "--org", "nope", "--password-stdin").stderr
    assert cli("users", "org-add", "Bad Id!", "--name", "x").code == 2
    assert cli("users", "revoke", "t_nothing").code == 1


def test_new_key_is_a_fernet_key(cli):
    from cryptography.fernet import Fernet

    key = cli("users", "new-key").stdout.strip()
    assert Fernet(key).decrypt(Fernet(key).encrypt(b"+228 90 00 00 00")) == b"+228 90 00 00 00"


def test_serve_refuses_a_port_in_use(cli):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--port", str(port))
    assert result.code == 2 and f"cannot listen on 127.0.0.1:{port}" in result.stderr


@pytest.mark.parametrize("port", ["0", "70000"])
def test_serve_refuses_a_port_out_of_range(cli, port):
    assert "--port must be 1-65535" in cli("serve", "--port", port).stderr
