"""`petitiondesk departments create|update` and `petitiondesk users create`."""

from __future__ import annotations

import click
from flask.cli import with_appcontext

from petitiondesk.accounts import service
from petitiondesk.accounts.models import FUNCTIONS
from petitiondesk.accounts.roles import ROLES
from petitiondesk.cli.errors import one_line_errors
from petitiondesk.core.timeutil import now_utc


@click.group("departments")
def departments_group():
    """Manage departments."""


FUNCTION_HELP = ("a function the department serves for the bureau (repeatable): intake "
                 "(the default route), legal (legal counsel), supervision (supervision office)")


@departments_group.command("create")
@click.option("--code", required=True)
@click.option("--name", required=True)
@click.option("--email")
@click.option("--parent", "parent_code")
@click.option("--function", "functions", multiple=True, type=click.Choice(FUNCTIONS),
              help=FUNCTION_HELP)
@with_appcontext
@one_line_errors
def create_department(code, name, email, parent_code, functions):
    """Create a department."""
    dept = service.create_department(code=code, name=name, email=email, parent_code=parent_code,
                                     functions=list(functions))
    click.echo(f"department {dept.code} created{_serving(dept)}")


@departments_group.command("update")
@click.argument("code")
@click.option("--name")
@click.option("--email")
@click.option("--function", "add", multiple=True, type=click.Choice(FUNCTIONS),
              help=FUNCTION_HELP)
@click.option("--no-function", "remove", multiple=True, type=click.Choice(FUNCTIONS),
              help="a function the department no longer serves (repeatable)")
@with_appcontext
@one_line_errors
def update_department(code, name, email, add, remove):
    """Change a department's name, e-mail or the functions it serves."""
    changes = {key: value for key, value in (("name", name), ("email", email)) if value}
    if add or remove:
        current = service.department_by_code(code).functions
        changes["functions"] = [f for f in [*current, *add] if f not in remove]
    dept = service.update_department(code=code, changes=changes)
    click.echo(f"department {dept.code} updated{_serving(dept)}")


def _serving(dept) -> str:
    return f"; serves {', '.join(dept.functions)}" if dept.functions else ""


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
