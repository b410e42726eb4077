"""Train the suggestion model from closed cases; suggest at intake; rules always win.

The model learns which department answered and which category a closed case had, from
its title and description. At intake it suggests both when it is confident enough
(SUGGEST_MIN_CONFIDENCE); a routing rule that matches decides the department, so the
model never competes with what administrators wrote. What was suggested, and whether
the clerk took it, is written on the `registered` event for the monthly report.
"""

from __future__ import annotations

from datetime import datetime

from flask import current_app
from sqlalchemy import func

from petitiondesk.accounts.models import Department
from petitiondesk.cases.models import Case
from petitiondesk.core.errors import Invalid
from petitiondesk.extensions import db
from petitiondesk.suggest import learn
from petitiondesk.suggest.models import SuggestionModel


def examples(limit: int) -> list[learn.Example]:
    """Return the newest closed cases (up to `limit`) as training examples."""
    stmt = (db.select(Case.id, Case.title, Case.description, Case.category, Department.code)
            .join(Department, Department.id == Case.answerable_department_id)
            .where(Case.closed_on.is_not(None)).order_by(Case.id.desc()).limit(limit))
    return [learn.Example(case_id=cid, text=_text(title, description), department=code,
                          category=category)
            for cid, title, description, category, code in db.session.execute(stmt)]


def _text(title: str, description: str | None) -> str:
    return f"{title} {description or ''}".strip()


def train_model(*, now: datetime, minimum: int | None = None) -> SuggestionModel:
    """Train on the closed cases and store the model as the next version."""
    cfg = current_app.config
    minimum = cfg["SUGGEST_MIN_CASES"] if minimum is None else minimum
    found = examples(int(cfg["SUGGEST_MAX_CASES"]))
    if len(found) < minimum:
        raise Invalid(f"{len(found)} closed cases are too few to learn from; "
                      f"at least {minimum} are needed", errors={"cases": [str(len(found))]})
    trained = learn.train(found)
    version = (db.session.scalar(db.select(func.max(SuggestionModel.version))) or 0) + 1
    model = SuggestionModel(version=version, trained_at=now, trained_on=trained.trained_on,
                            held_out=trained.held_out,
                            department_accuracy=trained.department_accuracy,
                            category_accuracy=trained.category_accuracy,
                            blob=learn.dumps(trained))
    db.session.add(model)
    db.session.flush()
    return model


def latest() -> SuggestionModel | None:
    """Return the newest model, its fitted pipelines loaded once per process (by row id)."""
    row = db.session.scalar(db.select(SuggestionModel)
                            .order_by(SuggestionModel.version.desc()).limit(1))
    if row is None:
        return None
    cache = current_app.extensions.setdefault("petitiondesk.suggest", {})
    if cache.get("row_id") != row.id:
        cache.update(row_id=row.id, pipelines=learn.loads(row.blob))
    return row


def suggest(title: str, description: str | None = None) -> dict | None:
    """Return {department, department_confidence, category, category_confidence,
    model_version} for a new case's text, each part None below the threshold."""
    row = latest()
    if row is None or not title.strip():
        return None
    pipelines = current_app.extensions["petitiondesk.suggest"]["pipelines"]
    text, floor = _text(title, description), float(current_app.config["SUGGEST_MIN_CONFIDENCE"])
    dept = learn.predict(pipelines["department"], [text])[0] if pipelines["department"] else None
    cat = learn.predict(pipelines["category"], [text])[0] if pipelines["category"] else None
    dept = dept if dept and dept.confidence >= floor and _active(dept.label) else None
    cat = cat if cat and cat.confidence >= floor else None
    if dept is None and cat is None:
        return None
    return {"department": dept.label if dept else None,
            "department_confidence": dept.confidence if dept else None,
            "category": cat.label if cat else None,
            "category_confidence": cat.confidence if cat else None,
            "model_version": row.version}


def _active(code: str) -> bool:
    return bool(db.session.scalar(db.select(Department.id).where(
        Department.code == code, Department.active.is_(True))))


def outcome(suggestion: dict | None, *, department: str, category: str,
            routed_by_rule: bool) -> dict:
    """Return what the registered event records of the suggestion and whether it was taken.

    A matching routing rule decides the department: the model's department is dropped.
    """
    if not suggestion:
        return {}
    dept = None if routed_by_rule else suggestion["department"]
    out = {"suggestion_model": suggestion["model_version"]}
    if dept:
        out.update(suggested_department=dept,
                   suggested_department_confidence=suggestion["department_confidence"],
                   suggestion_department_taken=dept == department)
    if suggestion["category"]:
        out.update(suggested_category=suggestion["category"],
                   suggested_category_confidence=suggestion["category_confidence"],
                   suggestion_category_taken=suggestion["category"] == category)
    return out if len(out) > 1 else {}


def recorded_suggestion(data: dict) -> dict | None:
    """Return the suggestion a `registered` event recorded, in the API's shape."""
    if "suggestion_model" not in data:
        return None
    return {"model_version": data["suggestion_model"],
            "department": data.get("suggested_department"),
            "department_confidence": data.get("suggested_department_confidence"),
            "department_taken": data.get("suggestion_department_taken"),
            "category": data.get("suggested_category"),
            "category_confidence": data.get("suggested_category_confidence"),
            "category_taken": data.get("suggestion_category_taken")}
