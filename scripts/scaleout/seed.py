"""Set up the bureau with the operator's own commands, run once on a scheduler host.

`python -m scaleout.seed` (PETITIONDESK_DATABASE_URL in the environment): the
migrations, the shipped calendar, five departments (the intake, supervision and legal
offices and two handling departments) and one user per role the load needs. The
commands run in one process, the same ones an operator types.
"""

from __future__ import annotations

import sys
from pathlib import Path

from petitiondesk.cli import cli
from petitiondesk.cli.extra import register_extra_commands

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "scaleout-pass-2026"
DOMAIN = "bureau.test"

DEPARTMENTS = [  # code, name, functions
    ("PO", "信访办", ["intake"]),
    ("D1", "征收科", []),
    ("D2", "储备科", []),
    ("SV", "督查室", ["supervision"]),
    ("LC", "法律顾问室", ["legal"]),
]
USERS = [  # local part, department, roles
    ("clerk", "PO", ["clerk"]),
    ("po", "PO", ["handler"]),
    ("head0", "PO", ["head"]),
    ("h1", "D1", ["handler"]),
    ("head1", "D1", ["head"]),
    ("h2", "D2", ["handler"]),
    ("head2", "D2", ["head"]),
    ("sup", "SV", ["supervisor"]),
    ("admin", "PO", ["admin"]),
]


def email_of(local: str) -> str:
    """Return the address of a seeded user or department."""
    return f"{local}@{DOMAIN}"


def commands() -> list[list[str]]:
    """Return the operator's commands that set the bureau up, in order."""
    todo = [["db", "upgrade"]]
    todo += [["calendar", "import", str(p)] for p in sorted((ROOT / "config/calendar")
                                                             .glob("*.csv"))]
    for code, name, functions in DEPARTMENTS:
        todo.append(["departments", "create", "--code", code, "--name", name, "--email",
                     email_of(code.lower())] + [f"--function={f}" for f in functions])
    for local, dept, roles in USERS:
        todo.append(["users", "create", "--email", email_of(local), "--password", PASSWORD,
                     "--name", local, "--department", dept] + [f"--role={r}" for r in roles])
    return todo


def main() -> int:
    register_extra_commands(cli)
    for argv in commands():
        try:
            cli.main(args=argv, prog_name="petitiondesk", standalone_mode=False)
        except SystemExit as exc:
            if exc.code:
                print(f"seed: petitiondesk {' '.join(argv)} exited {exc.code}", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
