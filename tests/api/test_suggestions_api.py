"""Routing suggestions at intake: learnt from closed cases, rules win, takes recorded."""

from __future__ import annotations

import random
from datetime import date

import pytest

from petitiondesk.cases import intake
from petitiondesk.cases.models import Event
from petitiondesk.cases.schemas import CaseCreateSchema
from petitiondesk.core.errors import Invalid
from petitiondesk.suggest import service
from petitiondesk.suggest.models import SuggestionModel
from tests import factories

TOPICS = {"expropriation": ("compensation", ("房屋征收补偿标准偏低", "征收评估价格异议")),
          "reserve": ("land_reserve", ("土地收储程序异议", "收储地块边界争议"))}
ROADS = ["解放路", "建设路", "人民路", "和平街", "新华路", "湖滨路"]


def _history(db, clock, n=80, seed=5):
    """n closed cases whose text tells their department and category apart."""
    rng = random.Random(seed)
    clerk = factories.user("clerk")
    for _ in range(n):
        dept = rng.choice(list(TOPICS))
        category, titles = TOPICS[dept]
        body = factories.intake_body(title=f"{rng.choice(ROADS)}{rng.choice(titles)}",
                                     description="请求处理", category=category,
                                     department=dept)
        case = intake.register_case(data=CaseCreateSchema().load(body), actor=clerk,
                                    now=clock.now)
        case.closed_on = date(2026, 11, 25)  # the history: closed cases
    db.session.commit()


def _post(client, headers, **kw):
    answer = client.post("/api/v1/cases", json=factories.intake_body(**kw), headers=headers)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def test_too_few_closed_cases_train_nothing(app, db, clock, base_departments):
    _history(db, clock, n=10)
    with pytest.raises(Invalid, match="too few"):
        service.train_model(now=clock.now)
    assert db.session.scalars(db.select(SuggestionModel)).all() == []


def test_intake_shows_the_suggestion_and_records_whether_it_was_taken(
        app, db, clock, client, login, base_departments):
    _history(db, clock)
    model = service.train_model(now=clock.now)
    db.session.commit()
    assert model.version == 1 and model.department_accuracy >= 0.8
    clerk = login("clerk")
    routed = _post(client, clerk, title="和平街征收评估价格异议", description="请求处理",
                   category="other")  # no rule: the intake office by default
    suggestion = routed["suggestion"]
    assert suggestion["department"] == "expropriation"
    assert suggestion["department_confidence"] >= 0.6
    assert suggestion["department_taken"] is False and suggestion["model_version"] == 1
    assert suggestion["category"] == "compensation" and suggestion["category_taken"] is False
    taken = _post(client, clerk, title="人民路土地收储程序异议", description="请求处理",
                  category="land_reserve", department="reserve")
    assert taken["suggestion"]["department_taken"] is True
    assert taken["suggestion"]["category_taken"] is True


def test_a_routing_rule_always_decides_the_department(app, db, clock, client, login,
                                                      base_departments):
    from petitiondesk.transfers.models import RoutingRule

    _history(db, clock)
    service.train_model(now=clock.now)
    db.session.add(RoutingRule(name="征收一律", priority=1, category="other", active=True,
                               department=factories.department("reserve")))
    db.session.commit()
    answer = _post(client, login("clerk"), title="和平街征收评估价格异议",
                   description="请求处理", category="other")
    assert answer["department"]["code"] == "reserve"
    assert answer["suggestion"]["department"] is None  # the model does not compete
    registered = db.session.scalars(db.select(Event).where(
        Event.case_id == answer["id"], Event.type == "registered")).one()
    assert "suggested_department" not in registered.data


def test_below_the_threshold_nothing_is_suggested(app, db, clock, client, login,
                                                  base_departments, monkeypatch):
    _history(db, clock)
    service.train_model(now=clock.now)
    db.session.commit()
    monkeypatch.setitem(app.config, "SUGGEST_MIN_CONFIDENCE", 1.01)
    answer = _post(client, login("clerk"), title="和平街征收评估价格异议", category="other")
    assert answer["suggestion"] is None


def test_the_monthly_report_counts_suggestions_taken(app, db, clock, client, login,
                                                     base_departments):
    from petitiondesk.stats.period import Month
    from petitiondesk.stats.service import monthly_report

    _history(db, clock)
    service.train_model(now=clock.now)
    db.session.commit()
    clerk = login("clerk")
    _post(client, clerk, title="和平街征收评估价格异议", category="compensation",
          department="expropriation")
    _post(client, clerk, title="新华路征收评估价格异议", category="compensation",
          department="reserve")
    figures = monthly_report(month=Month(2026, 11), now=clock.now)["suggestions"]
    assert figures == {"department_suggested": 2, "department_taken": 1,
                       "department_taken_rate": 0.5, "category_suggested": 2,
                       "category_taken": 2, "category_taken_rate": 1.0}


def test_the_train_command_prints_the_held_out_accuracy(app, db, clock, base_departments):
    from petitiondesk.suggest.cli import model_group

    _history(db, clock)
    runner = app.test_cli_runner()
    result = runner.invoke(model_group, ["train"])
    assert result.exit_code == 0, result.output
    assert "model version 1" in result.output and "department accuracy" in result.output
    shown = runner.invoke(model_group, ["show"])
    assert "model version 1" in shown.output
    few = runner.invoke(model_group, ["train", "--min-cases", "100000"])
    assert few.exit_code == 1 and "too few" in few.output
