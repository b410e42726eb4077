"""The suggestion model itself: held-out split, learning, confidence; pure."""

from __future__ import annotations

import random

from petitiondesk.suggest import learn

TOPICS = {
    "expropriation": ("房屋征收补偿标准偏低", "征收评估价格异议", "要求补发征收奖励款"),
    "reserve": ("土地收储程序异议", "收储地块边界争议", "储备土地收储补偿"),
    "finance": ("补偿款拨付延迟", "项目资金拨付进度", "协议款项迟迟未付"),
}
ROADS = ["解放路", "建设路", "人民路", "和平街", "新华路", "湖滨路"]


def _examples(n: int, seed: int = 1) -> list[learn.Example]:
    rng = random.Random(seed)
    out = []
    for i in range(n):
        dept = rng.choice(list(TOPICS))
        text = f"{rng.choice(ROADS)}{rng.choice(TOPICS[dept])}，请求处理"
        out.append(learn.Example(case_id=i + 1, text=text, department=dept,
                                 category=f"cat-{dept}"))
    return out


def test_the_held_out_tenth_is_stable_and_about_a_tenth():
    chosen = [i for i in range(1, 10_001) if learn.held_out(i)]
    assert 800 < len(chosen) < 1200
    assert chosen == [i for i in range(1, 10_001) if learn.held_out(i)]


def test_the_model_learns_departments_from_text_and_reports_held_out_accuracy():
    trained = learn.train(_examples(400))
    assert trained.trained_on == 400 and 20 < trained.held_out < 70
    assert trained.department_accuracy > 0.9 and trained.category_accuracy > 0.9
    guess = learn.predict(trained.department, ["和平街征收评估价格异议"])[0]
    assert guess.label == "expropriation" and guess.confidence > 0.6
    vague = learn.predict(trained.department, ["其他事项"])[0]
    assert vague.confidence < guess.confidence


def test_labels_the_history_does_not_separate_give_low_confidence():
    rng = random.Random(3)
    noise = [learn.Example(case_id=i, text=f"{rng.choice(ROADS)}问题反映", department=d,
                           category="other")
             for i, d in enumerate(rng.choice(["a", "b", "c"]) for _ in range(300))]
    trained = learn.train(noise)
    assert learn.predict(trained.department, ["人民路问题反映"])[0].confidence < 0.6
    assert learn.predict(trained.category, ["人民路问题反映"])[0].confidence == 1.0


def test_a_trained_model_survives_storage():
    trained = learn.train(_examples(120))
    pipelines = learn.loads(learn.dumps(trained))
    text = ["湖滨路土地收储程序异议"]
    assert (learn.predict(pipelines["department"], text)
            == learn.predict(trained.department, text))
