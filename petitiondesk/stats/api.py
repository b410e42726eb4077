"""REST API: the monthly statistics as JSON, CSV and XLSX."""

from __future__ import annotations

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from petitiondesk.core.api_context import ctx
from petitiondesk.stats import export
from petitiondesk.stats.service import monthly_report, parse_month, require_reader

MONTH_PATTERN = r"^(19|[2-9][0-9])[0-9]{2}-(0[1-9]|1[0-2])$"  # from 1900, as Month.parse

blp = Blueprint("stats", __name__, url_prefix="/api/v1/stats", description="Statistics")


class MonthQuerySchema(Schema):
    """?month=YYYY-MM (default: last month)."""

    month = fields.String(load_default=None, validate=validate.Regexp(
        MONTH_PATTERN, error="must be YYYY-MM, e.g. 2026-11"))


def _report(args) -> dict:
    """Check the caller and build the month's report."""
    c = ctx()
    require_reader(c.user)
    return monthly_report(month=parse_month(args["month"], today=c.today), now=c.now)


@blp.route("/monthly")
class Monthly(MethodView):
    """The month's statistics."""

    @blp.arguments(MonthQuerySchema, location="query")
    @blp.response(200)
    def get(self, args):
        """Return the monthly statistics as of the month's end."""
        return _report(args)


@blp.route("/monthly.csv")
@blp.arguments(MonthQuerySchema, location="query")
@blp.doc(responses={200: {"description": "The statistics as CSV.", "content": {
    "text/csv": {"schema": {"type": "string"}}}}})
def monthly_csv(args):
    """Return the monthly statistics as CSV (UTF-8 with BOM, Chinese headers)."""
    report = _report(args)
    return download(export.to_csv(report), export.CSV_TYPE, f"{report['month']}.csv")


@blp.route("/monthly.xlsx")
@blp.arguments(MonthQuerySchema, location="query")
@blp.doc(responses={200: {"description": "The statistics as an Excel workbook.", "content": {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": {
        "schema": {"type": "string", "format": "binary"}}}}})
def monthly_xlsx(args):
    """Return the monthly statistics as an Excel workbook, one sheet per table."""
    report = _report(args)
    return download(export.to_xlsx(report), export.XLSX_TYPE, f"{report['month']}.xlsx")


def download(data: bytes, content_type: str, name: str) -> Response:
    """Return a file download."""
    return Response(data, content_type=content_type, headers={
        "Content-Disposition": f'attachment; filename="monthly-statistics-{name}"'})
