"""Bar-chart geometry and the export tables; pure."""

from petitiondesk.stats.charts import LABEL_WIDTH, WIDTH, bar_chart
from petitiondesk.stats.tables import report_tables


def test_the_longest_bar_fills_the_span_and_others_scale_with_it():
    chart = bar_chart([("来信", [10]), ("来访", [5]), ("电话", [0])])
    widths = [row.bars[0].width for row in chart.rows]
    assert widths[0] > 0 and widths[1] == widths[0] / 2 and widths[2] == 0
    assert LABEL_WIDTH + widths[0] < WIDTH


def test_rates_are_drawn_on_a_scale_of_one_hundred_percent_with_unknown_as_a_dash():
    chart = bar_chart([("A", [0.5]), ("B", [None])], percent=True)
    assert [row.bars[0].text for row in chart.rows] == ["50.0%", "—"]


def test_two_series_give_two_bars_per_row():
    chart = bar_chart([("A", [2, 1])], series=("overdue", "bounces"))
    assert [bar.series for bar in chart.rows[0].bars] == [0, 1]


def test_the_export_has_seven_tables_with_chinese_headers():
    totals = dict.fromkeys(
        ["received", "visitors", "closed", "closed_on_time", "on_time_rate",
         "open_at_month_end", "overdue_at_month_end", "transfers", "bounces", "extensions",
         "supervised", "escalated_to_legal"], 0)
    report = {"month": "2026-10", "totals": totals, "previous_month": totals,
              "same_month_last_year": totals, "by_track": {"petition": {
                  "received": 1, "closed": 0, "closed_on_time": 0}},
              "by_channel": {"visit": 1}, "by_department": [], "legal": dict.fromkeys(
                  ["lawsuits_opened", "lawsuits_closed", "lost", "head_appeared_hearings",
                   "hearings", "reconsiderations_decided", "reconsiderations_corrected"], 0),
              "satisfaction": {"rated": 4, "satisfied": 2, "basically_satisfied": 1,
                               "dissatisfied": 1, "satisfaction_rate": 0.75},
              "suggestions": {"department_suggested": 4, "department_taken": 3,
                              "department_taken_rate": 0.75, "category_suggested": 0,
                              "category_taken": 0, "category_taken_rate": None}}
    tables = report_tables(report)
    assert [t.title for t in tables] == ["2026-10 汇总", "按办理类型", "按来源渠道", "按部门",
                                         "法律事务", "信访人满意度", "分办建议"]
    assert tables[6].rows[2] == ("部门建议采纳率", 0.75)
    assert tables[5].rows[0] == ("评价件数", 4) and tables[5].rows[-1][1] == 0.75
    assert tables[1].rows == [("信访", 1, 0, 0)] and tables[2].rows == [("来访", 1)]
