"""`petitiondesk departments create` and `petitiondesk users create`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from petitiondesk.accounts import service
from petitiondesk.accounts.roles import ROLES
from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.timeutil import now_utc


@click.group("departments")
def departments_group():
    """Manage departments."""


@departments_group.command("create")
@click.option("--code", required=True)
@click.option("--name", required=True)
@click.option("--email")
@click.option("--parent", "parent_code")
@with_appcontext
@one_line_errors
def create_department(code, name, email, parent_code):
    """Create a department."""
    dept = service.create_department(code=code, name=name, email=email, parent_code=parent_code)
    click.echo(f"department {dept.code} created")


@click.group("users")
def users_group():
    """Manage users."""


@users_group.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--name", required=True)
@click.option("--department", "department_code", required=True)
@click.option("--role", "roles", multiple=True, required=True, type=click.Choice(ROLES))
@click.option("--locale", default="zh_CN", type=click.Choice(["zh_CN", "en"]))
@with_appcontext
@one_line_errors
def create_user(email, password, name, department_code, roles, locale):
    """Create a user with one or more roles."""
    user = service.create_user(email=email, password=password, name=name,
                               department_code=department_code, roles=list(roles),
                               now=now_utc(), locale=locale)
    click.echo(f"user {user.email} created")
