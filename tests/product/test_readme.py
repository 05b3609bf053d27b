"""The README's two set-up commands are the ones that work: the main job and the test run."""

from __future__ import annotations

import re
import shlex
import subprocess

from tests.helpers import ROOT, ranking_rows, run_cli
from xlclientrank import bundled


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)][:2]


def test_main_job_command_runs_on_the_sample(tmp_path, monkeypatch):
    """The install itself is tests/product/test_wheel.py's (a wheel in a fresh environment); here the rest
    of the line runs as written, in an empty folder."""
    main_job = commands()[0]
    install, *steps = [part.strip() for part in main_job.split("&&")]
    assert install == "pip install ."  # a normal install, as an owner's
    monkeypatch.chdir(tmp_path)
    for step in steps:
        argv = shlex.split(step)
        assert argv[0] == "xlclientrank"
        code, _, err = run_cli(*argv[1:])
        assert code == 0, (step, err)
    assert [shlex.split(s)[1] for s in steps] == ["quickstart", "rerank"]
    assert len(ranking_rows(tmp_path / "ranked.xlsx")[1]) == 150


def test_ci_runs_the_readme_test_command():
    test_cmd = commands()[1]
    assert "apt-get install -y libreoffice-calc-nogui" in test_cmd
    assert test_cmd.endswith("python -m pytest")
    # the code is linted and type-checked before the tests run, with the settings of pyproject.toml
    assert "&& ruff check && mypy && python -m pytest" in test_cmd
    script = (ROOT / ".ci" / "run").read_text()
    assert "pytest" in test_cmd and "README.md" in script
    # the CI script picks exactly this block out of the README
    picked = subprocess.run(["python3", "-c", script.split("<<'PY'\n", 1)[1].split("\nPY", 1)[0]],
                            cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert picked == test_cmd


def test_sample_is_what_its_script_makes(tmp_path):
    out = tmp_path / "sample.xlsx"
    subprocess.run(["python", str(ROOT / "workbook" / "make_sample.py"), str(out)], check=True)
    assert out.read_bytes() == (bundled.SAMPLE).read_bytes()


def test_the_install_steps_are_the_commands_the_package_answers_to():
    """Windows and Mac: two commands each, through the Python launcher (no PATH needed for the
    command itself); the module form runs the same command line (tests/product/test_wheel.py runs it from
    an installed wheel)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Install in Excel"):text.index("## Check it on your computer")]
    blocks = [b.strip().splitlines() for b in re.findall(r"```text\n(.*?)```", section, flags=re.S)][:2]
    assert blocks == [["py -m pip install xlclientrank", "py -m xlclientrank install"],
                      ["python3 -m pip install xlclientrank", "python3 -m xlclientrank install"]]
    proc = subprocess.run(["python", "-m", "xlclientrank", "install", "--help"], capture_output=True, text=True)
    assert proc.returncode == 0 and proc.stdout.startswith("usage: xlclientrank install")
