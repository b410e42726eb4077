"""Intake through POST /cases: numbering, parties found again, similar matters, validation."""

from petitiondesk.cases.models import Case
from tests import factories
from tests.factories import intake_body


def test_a_letter_gets_a_petition_number_and_its_notify_clock(client, login, base_departments):
    clerk = login("clerk")
    answer = client.post("/api/v1/cases", json=intake_body(), headers=clerk)
    assert answer.status_code == 201, answer.get_json()
    case = answer.get_json()
    assert case["number"] == "XF-2026-000001"
    assert case["status"] == "registered"
    assert case["department"]["code"] == "petition"
    notify = [c for c in case["clocks"] if c["key"] == "petition.notify"]
    # received Fri 2026-11-20: 15 days → Sat 2026-12-05, rolled to Mon 2026-12-07
    assert notify[0]["due_on"] == "2026-12-07"
    assert notify[0]["state"] == "on_track"
    assert [e["type"] for e in case["events"]] == ["registered"]


def test_numbers_count_up_per_track_and_year(client, login, base_departments):
    clerk = login("clerk")
    numbers = [client.post("/api/v1/cases", json=intake_body(), headers=clerk).get_json()["number"]
               for _ in range(2)]
    older = client.post("/api/v1/cases", json=intake_body(received_on="2025-12-30"),
                        headers=clerk).get_json()["number"]
    assert numbers == ["XF-2026-000001", "XF-2026-000002"]
    assert older == "XF-2025-000001"


def test_the_same_id_number_finds_the_same_person_and_their_matter(client, login,
                                                                  base_departments):
    clerk = login("clerk")
    person = {"name": "李四", "id_number": factories.id_number("19700505", 7)}
    first = client.post("/api/v1/cases", json=intake_body(parties=[person]), headers=clerk)
    second = client.post("/api/v1/cases", json=intake_body(title="补偿款未到位", parties=[person]),
                         headers=clerk).get_json()
    assert second["parties"][0]["id"] == first.get_json()["parties"][0]["id"]
    assert second["similar_matters"][0]["id"] == first.get_json()["matter_id"]
    assert second["similar_matters"][0]["why"] == "same_party"


def test_a_case_can_join_an_existing_matter(client, login, base_departments):
    clerk = login("clerk")
    first = client.post("/api/v1/cases", json=intake_body(), headers=clerk).get_json()
    second = client.post("/api/v1/cases", json=intake_body(matter_id=first["matter_id"]),
                         headers=clerk).get_json()
    assert second["matter_id"] == first["matter_id"]
    matter = client.get(f"/api/v1/matters/{first['matter_id']}", headers=clerk).get_json()
    assert [c["id"] for c in matter["cases"]] == [first["id"], second["id"]]


def test_a_bad_id_number_is_422_field_by_field_and_creates_nothing(client, login,
                                                                  base_departments):
    clerk = login("clerk")
    bad = intake_body(parties=[{"name": "王", "id_number": "330102198001010010"}])
    answer = client.post("/api/v1/cases", json=bad, headers=clerk)
    assert answer.status_code == 422
    assert "parties" in answer.get_json()["errors"]
    assert client.get("/api/v1/cases", headers=clerk).get_json()["total"] == 0


def test_integer_fields_are_strict(client, login, base_departments):
    clerk = login("clerk")
    for value in (2.5, "3"):
        answer = client.post("/api/v1/cases", json=intake_body(channel="visit", visitors=value),
                             headers=clerk)
        assert answer.status_code == 422
        assert "visitors" in answer.get_json()["errors"]


def test_missing_and_unknown_fields_are_named(client, login, base_departments):
    clerk = login("clerk")
    body = intake_body(colour="red")
    del body["title"]
    errors = client.post("/api/v1/cases", json=body, headers=clerk).get_json()["errors"]
    assert set(errors) == {"title", "colour"}


def test_an_unknown_department_or_matter_is_404_naming_the_field(client, login, base_departments,
                                                                  db):
    clerk = login("clerk")
    answer = client.post("/api/v1/cases", json=intake_body(department="nowhere"), headers=clerk)
    assert answer.status_code == 404
    assert answer.get_json()["errors"] == {"department": ["unknown department"]}
    answer = client.post("/api/v1/cases", json=intake_body(matter_id=999), headers=clerk)
    assert answer.status_code == 404
    assert answer.get_json()["errors"] == {"matter_id": ["unknown matter"]}
    assert db.session.scalar(db.select(db.func.count(Case.id))) == 0


def test_a_future_receipt_date_is_refused(client, login, base_departments):
    clerk = login("clerk")
    answer = client.post("/api/v1/cases", json=intake_body(received_on="2026-12-01"),
                         headers=clerk)
    assert answer.status_code == 422 and "received_on" in answer.get_json()["errors"]


def test_a_body_above_the_limit_is_413(client, login, base_departments):
    clerk = login("clerk")
    huge = intake_body(description="字" * 200_000)
    assert client.post("/api/v1/cases", json=huge, headers=clerk).status_code == 413


def test_a_retry_with_the_same_idempotency_key_creates_nothing_new(client, login,
                                                                  base_departments):
    clerk = login("clerk")
    headers = {**clerk, "Idempotency-Key": "intake-42"}
    first = client.post("/api/v1/cases", json=intake_body(), headers=headers)
    again = client.post("/api/v1/cases", json=intake_body(), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.get_json()["id"] == first.get_json()["id"]
    assert client.get("/api/v1/cases", headers=clerk).get_json()["total"] == 1


def test_a_near_identical_title_from_someone_else_is_offered_as_a_similar_matter(
        client, login, base_departments):
    clerk = login("clerk")
    first = client.post("/api/v1/cases", json=intake_body(title="东城区站前路安置房交付延期问题"),
                        headers=clerk).get_json()
    other = {"name": "赵六", "id_number": factories.id_number("19660606", 3)}
    second = client.post("/api/v1/cases", json=intake_body(
        title="东城区站前路安置房交付延期问题！", parties=[other]), headers=clerk).get_json()
    assert [(m["id"], m["why"]) for m in second["similar_matters"]] == [
        (first["matter_id"], "similar_title")]
