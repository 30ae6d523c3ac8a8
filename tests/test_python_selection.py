"""Which Python builds .venv/: scripts/find_python.sh, run with a PATH of fake interpreters
(shell scripts printing a version), and the Makefile stopping when none fits."""

import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
SCRIPT = REPO / "scripts" / "find_python.sh"
SH = shutil.which("sh")


def fake_python(directory: Path, name: str, version: str | None) -> Path:
    """An executable that answers the version probe with `version` (None: fails like a broken pyenv shim)."""
    directory.mkdir(exist_ok=True)
    path = directory / name
    body = f"echo {version}" if version else 'echo "pyenv: {name}: command not found" >&2; exit 127'
    path.write_text(f"#!{SH}\n{body}\n")
    path.chmod(0o755)
    return path


def find_python(bin_dir: Path, **env) -> subprocess.CompletedProcess:
    return subprocess.run([SH, str(SCRIPT)], env={"PATH": str(bin_dir), **env}, capture_output=True, text=True)


def test_the_newest_listed_version_wins(tmp_path):
    newest = fake_python(tmp_path / "bin", "python3.13", "3.13")
    fake_python(tmp_path / "bin", "python3.11", "3.11")
    assert find_python(tmp_path / "bin").stdout.strip() == str(newest)


def test_a_broken_interpreter_is_skipped(tmp_path):
    fake_python(tmp_path / "bin", "python3.12", None)
    working = fake_python(tmp_path / "bin", "python3.11", "3.11")
    assert find_python(tmp_path / "bin").stdout.strip() == str(working)


def test_plain_python3_is_used_when_its_version_fits(tmp_path):
    python3 = fake_python(tmp_path / "bin", "python3", "3.14")
    assert find_python(tmp_path / "bin").stdout.strip() == str(python3)


def test_a_python_older_than_required_is_refused(tmp_path):
    fake_python(tmp_path / "bin", "python3", "3.10")
    assert find_python(tmp_path / "bin").returncode == 1


def test_the_refusal_names_the_versions_that_work(tmp_path):
    fake_python(tmp_path / "bin", "python3", "3.10")
    assert "this project needs Python >=3.11 (e.g. 3.11, 3.12 or 3.13)" in find_python(tmp_path / "bin").stderr


def test_PYTHON_overrides_the_search(tmp_path):
    fake_python(tmp_path / "bin", "python3.13", "3.13")
    chosen = fake_python(tmp_path / "elsewhere", "custom-python", "3.12")
    assert find_python(tmp_path / "bin", PYTHON=str(chosen)).stdout.strip() == str(chosen)


def test_PYTHON_outside_the_range_is_refused(tmp_path):
    fake_python(tmp_path / "bin", "python3.13", "3.13")
    old = fake_python(tmp_path / "elsewhere", "python3.9", "3.9")
    assert find_python(tmp_path / "bin", PYTHON=str(old)).returncode == 1


@pytest.mark.skipif(not shutil.which("make"), reason="make is not installed")
def test_make_stops_with_the_message_when_no_python_fits(tmp_path):
    # A copy of what the bootstrap reads, so nothing touches this worktree's .venv/.
    for name in ("Makefile", "pyproject.toml", "requirements.lock", "scripts/find_python.sh"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        shutil.copy(REPO / name, tmp_path / name)
    fake_python(tmp_path / "bin", "python3", "3.10")
    result = subprocess.run(
        [shutil.which("make"), "-C", str(tmp_path), ".venv/.installed"],
        env={"PATH": str(tmp_path / "bin")},
        capture_output=True,
        text=True,
    )
    assert (
        result.stderr.splitlines()[0]
        == "No suitable Python found: this project needs Python >=3.11 (e.g. 3.11, 3.12 or 3.13)."
    )
