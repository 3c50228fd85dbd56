"""``icv rota solve INSTANCE.json``: the rota on stdout, or one line on stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace

import pytest
from click.testing import CliRunner

from icv.rota.cli import rota
from icv.rota.engine.problem import parse_problem
from icv.rota.engine.solver import solve
from tests.rota_examples import tiny_raw


@pytest.fixture
def instance(tmp_path):
    def write(raw: object, name: str = "instance.json") -> str:
        path = tmp_path / name
        path.write_text(raw if isinstance(raw, str) else json.dumps(raw))
        return str(path)

    return write


def run(*args: str):
    return CliRunner().invoke(rota, ["solve", *args])


def test_it_prints_the_rota_in_the_contract_shape(instance):
    result = run(instance(tiny_raw()))
    assert result.exit_code == 0, result.stderr
    printed = json.loads(result.stdout)
    assert printed == solve(parse_problem(tiny_raw())).to_json()
    assert sorted(printed) == ["unfilled", "visits"]
    assert sorted(printed["visits"][0]) == ["band", "date", "suite", "volunteers"]
    assert result.stdout == run(instance(tiny_raw())).stdout


def test_the_seed_option_overrides_the_file(instance):
    result = run(instance(tiny_raw()), "--seed", "3")
    expected = solve(replace(parse_problem(tiny_raw()), seed=3)).to_json()
    assert json.loads(result.stdout) == expected


def broken(**where) -> dict:
    raw = tiny_raw()
    for index, fields in where.items():
        raw["volunteers"][int(index[1:])].update(fields)
    return raw


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "{",
            "{path} is not valid JSON: Expecting property name enclosed in double quotes: "
            "line 1 column 2 (char 1)",
        ),
        (broken(n2={"suites": ["S09"]}), 'volunteer v003: unknown suite "S09" in suites'),
        (broken(n0={"avoid": ["v999"]}), 'volunteer v001: unknown volunteer "v999" in avoid'),
    ],
)
def test_bad_input_gets_one_line_on_stderr(instance, content, message):
    path = instance(content)
    result = run(path)
    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == "icv: rota instance: " + message.format(path=path) + "\n"


def test_a_missing_file_gets_one_line_on_stderr(tmp_path):
    missing = tmp_path / "missing.json"
    result = run(str(missing))
    assert result.exit_code == 1
    assert (
        result.stderr == f"icv: rota instance: cannot read {missing}: No such file or directory\n"
    )


def test_the_icv_command_runs_it_without_a_traceback(instance, tmp_path):
    path = instance(broken(n2={"suites": ["S09"]}))
    result = subprocess.run(
        [sys.executable, "-c", "from icv.cli import main; main()", "rota", "solve", path],
        env={"ICV_INSTANCE_PATH": str(tmp_path), "PATH": "/usr/bin"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stderr == 'icv: rota instance: volunteer v003: unknown suite "S09" in suites\n'
    assert "Traceback" not in result.stdout + result.stderr
