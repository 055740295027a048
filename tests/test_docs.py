"""The README documents what users rely on: the two opening commands and every CLI command."""
from __future__ import annotations

import re
from pathlib import Path

from sitroom.cli import app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")


def test_docs_readme_opens_with_exactly_two_commands():
    block = re.search(r"```sh\n(.*?)```", README, re.S)
    assert block and README.index(block.group(0)) < README.index("sitroom reads")
    commands = [line for line in block.group(1).splitlines() if line.strip()]
    assert [c.split("#")[0].strip() for c in commands] == ["make demo", "make test"]


def test_docs_every_cli_command_is_documented():
    names = [c.name or c.callback.__name__ for c in app.registered_commands]
    assert len(names) >= 8
    missing = [n for n in names if f"`sitroom {n}" not in README]
    assert not missing, f"undocumented commands: {missing}"


def test_docs_ci_runs_the_readme_test_command():
    ci = (Path(__file__).resolve().parents[1] / ".ci" / "run").read_text()
    assert "make test" in ci
