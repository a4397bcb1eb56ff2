"""The docs stay honest: every command has help, and the README names every command."""

from __future__ import annotations

from pathlib import Path

import click
import pytest

from graph.cli import cli

README = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")


def _commands(group: click.Group, prefix: str = "kg") -> list[tuple[str, click.Command]]:
    found = []
    for name, command in sorted(group.commands.items()):
        found.append((f"{prefix} {name}", command))
        if isinstance(command, click.Group):
            found += _commands(command, f"{prefix} {name}")
    return found


@pytest.mark.parametrize("path,command", _commands(cli), ids=lambda v: str(v))
def test_every_command_has_help_and_is_in_the_readme(path: str, command: click.Command) -> None:
    assert command.help and len(command.help.strip()) > 20, f"{path} has no real help"
    assert f"`{path}" in README or f"{path} " in README, f"{path} is not in the README"


def test_readme_gives_the_two_setup_commands_and_ci_calls_the_test_one() -> None:
    ci = (Path(__file__).parents[1] / ".ci" / "run").read_text()
    assert "./scripts/demo.sh" in README and "./scripts/test.sh" in README
    assert "./scripts/test.sh" in ci
