"""The bureau's offices: the department serving each function, and setting who serves it.

Code never finds an office by a department code; it asks for the function. A function
is served by one department at most (the table's key), so "the intake office" is never
ambiguous; one department may serve several functions.
"""

from __future__ import annotations

from petitiondesk.accounts.models import FUNCTIONS, Department, DepartmentFunction
from petitiondesk.core.errors import Conflict, Invalid
from petitiondesk.extensions import db

# what each function is for, as errors and warnings name it
PURPOSE = {
    "intake": "the intake office, where a case goes when no routing rule matches",
    "legal": "the legal counsel office, where legacy matters escalate",
    "supervision": "the supervision office, whose mailbox hears of cases put under supervision",
}


def how_to_set(function: str) -> str:
    """Return the sentence telling an administrator how to give a function a department."""
    return (f"set it with `petitiondesk departments update CODE --function {function}` "
            "or on the admin departments page")


def missing_message(function: str) -> str:
    """Return the message saying a function has no department and how to set one."""
    return f"no department serves the {function} function ({PURPOSE[function]}); " + (
        how_to_set(function))


def office_or_none(function: str) -> Department | None:
    """Return the department serving a function, or None while none does."""
    return db.session.scalar(db.select(Department).join(DepartmentFunction).where(
        DepartmentFunction.function == function))


def office(function: str, *, field: str = "department") -> Department:
    """Return the department serving a function, or refuse (422) naming how to set one."""
    found = office_or_none(function)
    if found is None:
        message = missing_message(function)
        raise Invalid(message, errors={field: [message]})
    return found


def offices() -> dict[str, Department | None]:
    """Return every function with the department serving it (None: nobody)."""
    rows = db.session.execute(db.select(DepartmentFunction.function, Department)
                              .join(Department)).all()
    held = dict(rows)
    return {name: held.get(name) for name in FUNCTIONS}


def missing_functions() -> list[str]:
    """Return the functions no department serves, in FUNCTIONS order."""
    return [name for name, dept in offices().items() if dept is None]


def set_functions(department: Department, functions: list[str]) -> Department:
    """Make `functions` exactly what the department serves; refuse one held elsewhere."""
    wanted = list(dict.fromkeys(functions))
    unknown = [f for f in wanted if f not in FUNCTIONS]
    if unknown:
        raise Invalid(f"unknown function {unknown[0]!r}; functions are {', '.join(FUNCTIONS)}",
                      errors={"functions": [f"unknown function {f!r}" for f in unknown]})
    for name in wanted:
        _check_free(name, department)
    department.function_rows = [row for row in department.function_rows if row.function in wanted]
    held = {row.function for row in department.function_rows}
    department.function_rows.extend(DepartmentFunction(function=f) for f in wanted if f not in held)
    db.session.flush()
    return department


def _check_free(function: str, department: Department) -> None:
    """Refuse a function another department serves: each function has one department."""
    holder = office_or_none(function)
    if holder is not None and holder.id != department.id:
        message = (f"department {holder.code!r} serves the {function} function already; a "
                   f"function has one department: take it off there first "
                   f"(petitiondesk departments update {holder.code} --no-function {function})")
        raise Conflict(message, errors={"functions": [message]})


def assign_office(function: str, department: Department | None) -> None:
    """Make `department` the one serving a function (None: nobody); it leaves any other."""
    if function not in FUNCTIONS:
        raise Invalid(f"unknown function {function!r}", errors={"functions": ["unknown"]})
    row = db.session.get(DepartmentFunction, function)
    before = office_or_none(function)
    if department is None:
        if row is not None:
            db.session.delete(row)
    elif row is None:
        db.session.add(DepartmentFunction(function=function, department_id=department.id))
    else:  # an UPDATE of the one row: the function is never held twice, even mid-flush
        row.department_id = department.id
    db.session.flush()
    for dept in {d for d in (before, department) if d is not None}:
        db.session.expire(dept, ["function_rows"])
