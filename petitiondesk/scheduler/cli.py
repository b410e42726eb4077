"""`petitiondesk scheduler`: the scheduler alone, for deployments with separate web processes."""

from __future__ import annotations

import logging

import click
from flask import current_app
from flask.cli import with_appcontext


@click.command("scheduler")
@with_appcontext
def scheduler_command():
    """Run the scheduled jobs until stopped; a second one stands by and takes over."""
    from petitiondesk.scheduler.runner import run_blocking

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: "
                        "%(message)s")
    run_blocking(current_app._get_current_object())
