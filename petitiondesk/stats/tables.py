"""The report as tables with Chinese headers, for CSV and XLSX; pure.

Exports are read by people who pass the file on, so they are always in Chinese whatever
the language of the person who downloaded them (the page follows the user's language).
"""

from __future__ import annotations

from dataclasses import dataclass

TRACK_ZH = {"petition": "信访", "mediation": "调解", "arbitration": "仲裁",
            "reconsideration": "行政复议", "litigation": "诉讼"}
CHANNEL_ZH = {"letter": "来信", "visit": "来访", "online": "网上信访", "phone": "电话",
              "email": "电子邮件", "referral": "转送", "court": "法院"}
TOTALS_ZH = {
    "received": "收案数", "visitors": "来访人次", "closed": "结案数",
    "closed_on_time": "按期结案数", "on_time_rate": "按期结案率",
    "open_at_month_end": "月末在办数", "overdue_at_month_end": "月末超期件数",
    "transfers": "转办次数", "bounces": "退回次数", "extensions": "延期次数",
    "supervised": "督办件数", "escalated_to_legal": "导入法定途径数",
}
LEGAL_ZH = {
    "lawsuits_opened": "新收诉讼", "lawsuits_closed": "审结诉讼", "lost": "败诉（含部分败诉）",
    "head_appeared_hearings": "负责人出庭次数", "hearings": "开庭次数",
    "reconsiderations_decided": "复议决定数", "reconsiderations_corrected": "复议纠错数",
}
SATISFACTION_ZH = {
    "rated": "评价件数", "satisfied": "满意", "basically_satisfied": "基本满意",
    "dissatisfied": "不满意", "satisfaction_rate": "满意率（含基本满意）",
}
SUGGESTIONS_ZH = {
    "department_suggested": "建议承办部门次数", "department_taken": "采纳部门建议次数",
    "department_taken_rate": "部门建议采纳率", "category_suggested": "建议事项类别次数",
    "category_taken": "采纳类别建议次数", "category_taken_rate": "类别建议采纳率",
}
DEPARTMENT_COLUMNS = (
    ("code", "部门代码"), ("name", "部门"), ("received", "收案数"), ("closed", "结案数"),
    ("closed_on_time", "按期结案数"), ("on_time_rate", "按期结案率"),
    ("overdue_at_month_end", "月末超期件数"), ("transfers_out", "转出次数"),
    ("bounces", "退回次数"), ("extensions", "延期次数"),
)


@dataclass(frozen=True)
class Table:
    """One table of the report: a title, a header row and data rows."""

    title: str
    header: tuple[str, ...]
    rows: list[tuple]


def report_tables(report: dict) -> list[Table]:
    """Return the report's tables: totals, tracks, channels, departments, legal."""
    return [_totals(report), _tracks(report), _channels(report), _departments(report),
            _legal(report), _satisfaction(report), _suggestions(report)]


def _totals(report: dict) -> Table:
    rows = [(label, report["totals"][key], report["previous_month"][key],
             report["same_month_last_year"][key]) for key, label in TOTALS_ZH.items()]
    return Table(f"{report['month']} 汇总", ("指标", "本月", "上月", "去年同月"), rows)


def _tracks(report: dict) -> Table:
    rows = [(TRACK_ZH.get(track, track), v["received"], v["closed"], v["closed_on_time"])
            for track, v in report["by_track"].items()]
    return Table("按办理类型", ("类型", "收案数", "结案数", "按期结案数"), rows)


def _channels(report: dict) -> Table:
    rows = [(CHANNEL_ZH.get(channel, channel), n) for channel, n in report["by_channel"].items()]
    return Table("按来源渠道", ("渠道", "收案数"), rows)


def _departments(report: dict) -> Table:
    rows = [tuple(d[key] for key, _ in DEPARTMENT_COLUMNS) for d in report["by_department"]]
    return Table("按部门", tuple(label for _, label in DEPARTMENT_COLUMNS), rows)


def _legal(report: dict) -> Table:
    rows = [(label, report["legal"][key]) for key, label in LEGAL_ZH.items()]
    return Table("法律事务", ("指标", "数值"), rows)


def _satisfaction(report: dict) -> Table:
    rows = [(label, report["satisfaction"][key]) for key, label in SATISFACTION_ZH.items()]
    return Table("信访人满意度", ("指标", "数值"), rows)


def _suggestions(report: dict) -> Table:
    rows = [(label, report["suggestions"][key]) for key, label in SUGGESTIONS_ZH.items()]
    return Table("分办建议", ("指标", "数值"), rows)
