"""`petitiondesk model train | show`: the routing suggestion model."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.timeutil import now_utc


@click.group("model")
def model_group():
    """The routing suggestion model learnt from closed cases."""


@model_group.command("train")
@click.option("--min-cases", type=click.IntRange(min=2), default=None,
              help="refuse with fewer closed cases (default: SUGGEST_MIN_CASES)")
@with_appcontext
@one_line_errors
def train_command(min_cases: int | None):
    """Train a new model version on the closed cases; print its held-out accuracy."""
    from petitiondesk.suggest.service import train_model

    click.echo("training on the closed cases ...", err=True)
    model = train_model(now=now_utc(), minimum=min_cases)
    click.echo(_describe(model))


@model_group.command("show")
@with_appcontext
@one_line_errors
def show_command():
    """Print the model in use."""
    from petitiondesk.suggest.service import latest

    model = latest()
    click.echo(_describe(model) if model else "no model trained yet: petitiondesk model train")


def _describe(model) -> str:
    def pct(value):
        return "n/a" if value is None else f"{value:.1%}"

    return (f"model version {model.version}: trained on {model.trained_on} closed cases; "
            f"held out {model.held_out}: department accuracy {pct(model.department_accuracy)}, "
            f"category accuracy {pct(model.category_accuracy)}")
