"""GET /cases?q=: Chinese words anywhere in a case, exact numbers, filters, visibility."""

import re

from tests import factories
from tests.factories import intake_body


def _case(client, who, dept="expropriation", **kw):
    answer = client.post("/api/v1/cases", json=intake_body(department=dept, **kw), headers=who)
    assert answer.status_code == 201, answer.get_json()
    return answer.get_json()


def _search(client, who, q, **params):
    answer = client.get("/api/v1/cases", query_string={"q": q, **params}, headers=who)
    assert answer.status_code == 200, answer.get_json()
    return answer.get_json()


def _numbers(page):
    return [c["number"] for c in page["items"]]


def test_a_word_in_the_middle_of_a_description_finds_the_case_with_a_snippet(
        client, login, base_departments):
    clerk = login("clerk")
    wanted = _case(client, clerk, title="安置房问题",
                   description="申请人反映其回迁安置房屋墙体开裂渗水，多次报修无人处理")
    _case(client, clerk, title="补偿款问题", description="要求尽快支付征收补偿款")
    page = _search(client, clerk, "墙体开裂")
    assert _numbers(page) == [wanted["number"]] and page["total"] == 1
    snippet = page["items"][0]["snippet"]
    assert "".join(re.findall("<mark>(.*?)</mark>", snippet)) == "墙体开裂"
    assert "安置房屋<mark>" in snippet


def test_every_word_of_the_query_must_match(client, login, base_departments):
    clerk = login("clerk")
    both = _case(client, clerk, title="过渡费拖欠", description="东城区解放路地块过渡费至今未发放")
    _case(client, clerk, title="过渡费拖欠", description="西城区人民路地块")
    assert _numbers(_search(client, clerk, "解放路 过渡费")) == [both["number"]]
    # a word inside a longer one: 城区 is part of 东城区 and 西城区
    assert _search(client, clerk, "城区")["total"] == 2


def test_replies_and_transfer_reasons_are_searchable(client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    case = _case(client, clerk)
    assert _search(client, clerk, "测绘报告")["total"] == 0
    client.post(f"/api/v1/cases/{case['id']}/accept", json={}, headers=handler)
    replied = client.post(f"/api/v1/cases/{case['id']}/reply",
                          json={"text": "经复核测绘报告，面积认定无误", "outcome": "explained"},
                          headers=handler)
    assert replied.status_code == 200, replied.get_json()
    other = _case(client, clerk)
    moved = client.post(f"/api/v1/cases/{other['id']}/transfers",
                        json={"to_department": "reserve", "reason": "涉及收储地块边界划定"},
                        headers=handler)
    assert moved.status_code == 201, moved.get_json()
    assert _numbers(_search(client, clerk, "测绘报告")) == [case["number"]]
    assert _numbers(_search(client, clerk, "边界划定")) == [other["number"]]


def test_id_numbers_phones_and_case_numbers_are_found_exactly(client, login, base_departments,
                                                              db):
    clerk = login("clerk")
    idn = factories.id_number("19650302", 41)
    wanted = _case(client, clerk, parties=[{"name": "赵六", "id_number": idn,
                                            "phone": "13912345678"}])
    _case(client, clerk, parties=[{"name": "钱七", "id_number": factories.id_number()}])
    assert _numbers(_search(client, clerk, idn)) == [wanted["number"]]
    assert _numbers(_search(client, clerk, idn[:17] + "０")) == []  # exact, not a prefix
    assert _numbers(_search(client, clerk, "13912345678")) == [wanted["number"]]
    assert _numbers(_search(client, clerk, wanted["number"].lower())) == [wanted["number"]]
    assert _numbers(_search(client, clerk, "赵六")) == [wanted["number"]]
    # the index holds no plain ID or phone number
    from petitiondesk.search.index import TABLE

    body = " ".join(r[0] for r in db.session.execute(db.text(f"SELECT body FROM {TABLE}")))
    assert idn not in body and "13912345678" not in body and "赵六" in body


def test_full_width_digits_in_the_query_find_the_id_number(client, login, base_departments):
    clerk = login("clerk")
    idn = factories.id_number("19881231", 5)
    wanted = _case(client, clerk, parties=[{"name": "孙八", "id_number": idn}])
    wide = "".join(chr(ord(ch) + 0xFEE0) if ch.isdigit() else ch for ch in idn)
    assert _numbers(_search(client, clerk, wide)) == [wanted["number"]]


def test_filters_combine_with_the_query(client, login, base_departments):
    clerk = login("clerk")
    in_expro = _case(client, clerk, description="围挡破损影响出行")
    in_reserve = _case(client, clerk, dept="reserve", description="围挡破损影响出行")
    _case(client, clerk, track="mediation", channel="visit", description="围挡破损影响出行",
          dept="reserve")
    assert _search(client, clerk, "围挡破损")["total"] == 3
    assert _numbers(_search(client, clerk, "围挡破损", department="expropriation")) == [
        in_expro["number"]]
    assert _numbers(_search(client, clerk, "围挡破损", department="reserve",
                            track="petition")) == [in_reserve["number"]]
    assert _search(client, clerk, "围挡破损", status="closed")["total"] == 0
    assert _search(client, clerk, "围挡破损", clock_state="on_track")["total"] == 3


def test_a_handler_never_finds_another_departments_case(client, login, base_departments):
    clerk, handler = login("clerk"), login("handler", dept="expropriation")
    _case(client, clerk, dept="reserve", description="收储程序存在瑕疵")
    mine = _case(client, clerk, description="收储程序存在瑕疵")
    assert _numbers(_search(client, handler, "收储程序")) == [mine["number"]]
    assert _search(client, handler, "收储程序", department="reserve")["total"] == 0


def test_the_better_match_ranks_first(client, login, base_departments):
    clerk = login("clerk")
    weak = _case(client, clerk, title="噪音问题", description="施工噪音")
    strong = _case(client, clerk, title="夜间施工噪音扰民",
                   description="夜间施工噪音严重，施工方夜间作业")
    page = _search(client, clerk, "夜间 施工")
    assert _numbers(page) == [strong["number"]]
    page = _search(client, clerk, "施工")
    assert _numbers(page) == [strong["number"], weak["number"]]


def test_a_query_of_punctuation_only_finds_nothing(client, login, base_departments):
    clerk = login("clerk")
    _case(client, clerk)
    assert _search(client, clerk, "，。！")["total"] == 0
    assert _search(client, clerk, '"* OR')["total"] == 0


def test_a_rolled_back_intake_leaves_nothing_in_the_index(client, login, base_departments, db):
    clerk = login("clerk")
    bad = client.post("/api/v1/cases", json=intake_body(department="nowhere",
                                                        description="独一无二的描述"),
                      headers=clerk)
    assert bad.status_code == 404  # an unknown department (docs/security.md)
    assert _search(client, clerk, "独一无二")["total"] == 0
    from petitiondesk.search.index import TABLE

    assert db.session.execute(db.text(f"SELECT count(*) FROM {TABLE}")).scalar() == 0


def test_a_new_phone_for_a_known_person_is_found_on_all_their_cases(client, login,
                                                                    base_departments):
    clerk = login("clerk")
    idn = factories.id_number("19720202", 72)
    first = _case(client, clerk, parties=[{"name": "周九", "id_number": idn,
                                           "phone": "13700000001"}])
    second = _case(client, clerk, parties=[{"name": "周九", "id_number": idn,
                                            "phone": "13799999999"}])
    assert sorted(_numbers(_search(client, clerk, "13799999999"))) == sorted(
        [first["number"], second["number"]])
    assert _search(client, clerk, "13700000001")["total"] == 0


def test_reindex_rebuilds_the_index_from_the_cases(client, login, base_departments, app, db):
    clerk = login("clerk")
    case = _case(client, clerk, description="屋面防水层老化")
    from petitiondesk.search.cli import reindex_command
    from petitiondesk.search.index import clear

    with db.engine.begin() as conn:
        clear(conn)
    assert _search(client, clerk, "防水层")["total"] == 0
    result = app.test_cli_runner().invoke(reindex_command)
    assert result.exit_code == 0 and "indexed 1 cases" in result.output
    assert _numbers(_search(client, clerk, "防水层")) == [case["number"]]


def test_past_the_cap_the_newest_matches_are_listed_and_the_total_says_so(
        client, login, base_departments, monkeypatch):
    from petitiondesk.search import capped

    monkeypatch.setattr(capped, "CAP", 3)
    monkeypatch.setattr(capped, "FIRST_CHUNK", 2)  # several chunks, growing
    monkeypatch.setattr(capped, "PROBE", 2)  # PostgreSQL: the newest rows, then the index
    clerk = login("clerk")
    made = [_case(client, clerk, description="违章搭建影响采光")["number"] for _ in range(4)]
    mine = _case(client, clerk, dept="reserve", description="违章搭建影响采光")["number"]
    page = _search(client, clerk, "违章搭建", sort="received")
    assert page["total"] == 3 and page["total_capped"] is True
    assert set(_numbers(page)) == {mine, made[3], made[2]}  # the newest three
    page = _search(client, clerk, "违章搭建", department="reserve")
    assert page["total"] == 1 and page["total_capped"] is False
    assert _numbers(page) == [mine]
    page = _search(client, clerk, "违章搭建", per_page=2, page=2)
    assert len(page["items"]) == 1
