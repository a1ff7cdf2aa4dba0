"""The configuration is documented: every variable the settings read is in .env.example."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]


def settings_variables():
    text = (ROOT / "turvaverkko" / "settings.py").read_text()
    schema = text[text.index("env = environ.Env(") : text.index("environ.Env.read_env")]
    return set(re.findall(r"^\s{4}([A-Z][A-Z0-9_]+)=", schema, re.MULTILINE))


def test_every_setting_is_documented_in_env_example():
    documented = set(
        re.findall(r"^([A-Z][A-Z0-9_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE)
    )
    variables = settings_variables()
    assert len(variables) > 10
    assert variables - documented == set(), "undocumented settings"
    assert documented - variables == set(), ".env.example documents unknown variables"


def test_every_dependency_has_a_reason():
    lines = (ROOT / "pyproject.toml").read_text().splitlines()
    start = lines.index("dependencies = [")
    previous = ""
    for line in lines[start + 1 :]:
        if line.strip() == "]":
            break
        stripped = line.strip()
        if stripped.startswith('"'):
            assert "==" in stripped, f"unpinned dependency {stripped}"
            assert previous.startswith("#") or previous.startswith('"'), (
                f"{stripped} has no one-line reason"
            )
        previous = stripped
