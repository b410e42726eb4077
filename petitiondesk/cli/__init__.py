"""The `petitiondesk` command line: a Flask CLI group."""

from __future__ import annotations

import sys

import click
from flask.cli import FlaskGroup

from petitiondesk.cli.accounts import departments_group, users_group
from petitiondesk.cli.calendar import calendar_group
from petitiondesk.cli.demo import demo_command
from petitiondesk.cli.serve import serve_command
from petitiondesk.config import SettingsError


def _create_app():
    from petitiondesk import create_app

    return create_app()


@click.group(cls=FlaskGroup, create_app=_create_app, add_default_commands=False,
             add_version_option=False, load_dotenv=False)
def cli():
    """petitiondesk: petition and dispute-resolution cases on statutory deadlines."""


for command in (departments_group, users_group, calendar_group, demo_command, serve_command):
    cli.add_command(command)


def register(command) -> None:
    """Add a command from another area to the group."""
    cli.add_command(command)


def main() -> None:
    """Run the command line; one line on stderr and a non-zero status on failure."""
    from petitiondesk.cli.extra import register_extra_commands

    register_extra_commands(cli)
    try:
        cli.main(prog_name="petitiondesk", standalone_mode=True)
    except SettingsError as exc:
        click.echo(f"petitiondesk: {exc}", err=True)
        sys.exit(2)
