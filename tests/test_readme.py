"""The README's two set-up commands are the ones that work: the main job and the test run."""

from __future__ import annotations

import re
import shlex
import subprocess

from conftest import ROOT, ranking_rows, run_cli


def commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [b.strip() for b in re.findall(r"```sh\n(.*?)```", text, flags=re.S)][:2]


def test_main_job_command_runs_on_the_sample(tmp_path):
    main_job = commands()[0]
    assert main_job.startswith("pip install -e . && ")
    argv = shlex.split(main_job.split("&&", 1)[1])
    assert argv[:2] == ["xlclientrank", "rerank"]
    out = tmp_path / "ranked.xlsx"
    argv[argv.index("--out") + 1] = str(out)
    argv[2] = str(ROOT / argv[2])
    code, _, err = run_cli(*argv[1:])
    assert code == 0, err
    assert len(ranking_rows(out)[1]) == 150


def test_ci_runs_the_readme_test_command():
    test_cmd = commands()[1]
    assert "apt-get install -y libreoffice-calc-nogui" in test_cmd
    assert test_cmd.endswith("python -m pytest")
    script = (ROOT / ".ci" / "run").read_text()
    assert "pytest" in test_cmd and "README.md" in script
    # the CI script picks exactly this block out of the README
    picked = subprocess.run(["python3", "-c", script.split("<<'PY'\n", 1)[1].split("\nPY", 1)[0]],
                            cwd=ROOT, capture_output=True, text=True).stdout.strip()
    assert picked == test_cmd


def test_sample_is_what_its_script_makes(tmp_path):
    out = tmp_path / "sample.xlsx"
    subprocess.run(["python", str(ROOT / "workbook" / "make_sample.py"), str(out)], check=True)
    assert out.read_bytes() == (ROOT / "workbook" / "sample_clients.xlsx").read_bytes()
