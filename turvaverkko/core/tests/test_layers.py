"""The layer contracts in pyproject.toml ([tool.importlinter]) are read and hold, and an import
that runs the wrong way breaks them, also when it hides inside a function. `make lint` runs
the same lint-imports."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]

LINT_IMPORTS = (
    "import sys; from importlinter.cli import lint_imports_command; lint_imports_command()"
)


def lint_imports(project: Path) -> subprocess.CompletedProcess[str]:
    # lint-imports puts its working directory first on sys.path, so it reads `project`'s copy
    # of the package, not the installed one.
    return subprocess.run(
        [sys.executable, "-c", LINT_IMPORTS, "--no-cache", "--no-logo"],
        cwd=project,
        capture_output=True,
        text=True,
        timeout=120,
    )


def copy_project(tmp_path: Path) -> Path:
    for source in (ROOT / "turvaverkko").rglob("*.py"):
        target = tmp_path / source.relative_to(ROOT)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    shutil.copyfile(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def append(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + "\n" + code + "\n", encoding="utf-8")


def test_the_code_keeps_every_contract():
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


def test_wrong_way_imports_break_the_contracts(tmp_path):
    project = copy_project(tmp_path)
    app = project / "turvaverkko"
    # A lower app reaching up to insights, which nothing may import.
    append(app / "registry" / "models.py", "import turvaverkko.insights  # noqa")
    # The same, hidden in a function: it still counts.
    append(app / "areas" / "models.py", "def _late():\n    from turvaverkko.registry import rules")
    # notify learning about a domain app.
    append(app / "notify" / "models.py", "from turvaverkko.volunteers import models as v  # noqa")
    # Models reaching up to their own app's views.
    append(app / "resources" / "models.py", "from turvaverkko.resources import views  # noqa")

    result = lint_imports(project)
    out = " ".join(result.stdout.split())  # rich wraps long lines
    assert result.returncode == 1, out + result.stderr
    assert "Apps depend downwards, in one order BROKEN" in out
    assert "turvaverkko.registry.models -> turvaverkko.insights" in out
    assert "turvaverkko.areas.models -> turvaverkko.registry.rules" in out
    assert (
        "Nothing imports insights (the project's urls.py includes its URLs by name) BROKEN" in out
    )
    assert "notify knows no domain app (it delivers, and reports back by signals) BROKEN" in out
    assert "turvaverkko.notify.models -> turvaverkko.volunteers.models" in out
    assert "Inside each app: urls -> views/api -> actions -> models BROKEN" in out
    assert "turvaverkko.resources.models -> turvaverkko.resources.views" in out
