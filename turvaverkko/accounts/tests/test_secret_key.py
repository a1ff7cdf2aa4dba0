"""`make demo` signs with its own random key, made once, never the public default."""

import io

import pytest
from django.core.management import CommandError, call_command

from turvaverkko.settings import env


def key_in(path) -> str:
    return path.read_text().strip().removeprefix("SECRET_KEY=")


def test_demo_key_is_random_private_and_kept(tmp_path):
    path = tmp_path / "var" / "secret.env"
    call_command("generate_secret_key", file=path, stdout=io.StringIO())
    key = key_in(path)
    assert key != env.scheme["SECRET_KEY"][1] and len(key) >= 50
    assert path.stat().st_mode & 0o077 == 0  # readable by the owner only
    call_command("generate_secret_key", file=path, stdout=io.StringIO())
    assert key_in(path) == key  # kept: sessions and links survive a restart
    other = tmp_path / "other.env"
    call_command("generate_secret_key", file=other, stdout=io.StringIO())
    assert key_in(other) != key


def test_a_file_without_a_key_is_an_error(tmp_path):
    path = tmp_path / "secret.env"
    path.write_text("SECRET_KEY=short\n")
    with pytest.raises(CommandError):
        call_command("generate_secret_key", file=path, stdout=io.StringIO())


def test_make_demo_uses_the_generated_key():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    demo = makefile.split("\ndemo:", 1)[1].split("\n\n", 1)[0]
    assert "generate_secret_key --file var/secret.env" in demo
    server = [line for line in demo.splitlines() if "demo_server" in line]
    assert server and ". var/secret.env" in server[0]
