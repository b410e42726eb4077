"""The queue page's search box: words found in Chinese text, snippets, visibility."""

from __future__ import annotations

from tests.integration.test_pages import _intake


def _register(pages, **overrides) -> None:
    answer = pages.post("/intake", data=_intake(**overrides))
    assert answer.status_code == 302, answer.get_data(as_text=True)[:500]


def test_the_search_box_finds_a_word_inside_a_description_and_marks_it(pages):
    pages.sign_in("clerk")
    _register(pages, description="十二户居民反映安置房电梯长期停运", title="安置房电梯问题")
    _register(pages, description="要求说明交付时间", title="关于安置房交付延期")
    html = pages.get("/", query_string={"q": "电梯停运"}).get_data(as_text=True)
    assert "安置房电梯问题" in html and "关于安置房交付延期" not in html
    assert "<mark>" in html
    assert html.count('<tr class="row-') == 1


def test_a_handler_searching_sees_only_their_departments_cases(pages):
    pages.sign_in("clerk")
    _register(pages, description="地块边界测量有误", title="本科室的边界争议")
    _register(pages, description="地块边界测量有误", title="别的科室的边界争议",
              department="reserve")
    pages.sign_in("handler", dept="expropriation")
    html = pages.get("/", query_string={"q": "边界测量"}).get_data(as_text=True)
    assert "本科室的边界争议" in html and "别的科室的边界争议" not in html
