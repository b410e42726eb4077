"""The flask-smorest Api with the project's error shape."""

from __future__ import annotations

from flask_smorest import Api
from marshmallow import Schema, fields

from petitiondesk.core.http import api_http_error, is_api_request
from petitiondesk.core.schemas import NO_NUL


class ApiErrorSchema(Schema):
    """The one error shape of the API (core/http.error_response), as documented."""

    code = fields.String(required=True, metadata={"description": "e.g. not_found, invalid"})
    status = fields.Integer(required=True, metadata={"description": "the HTTP status"})
    message = fields.String(required=True)
    errors = fields.Dict(keys=fields.String(), required=True,
                         metadata={"description": "field → list of messages"})


class PetitionApi(Api):
    """flask-smorest Api whose HTTP errors use the one JSON error shape."""

    ERROR_SCHEMA = ApiErrorSchema

    def _init_spec(self, *args, **kwargs):
        """Build the spec converter, then teach it what every text field refuses."""
        super()._init_spec(*args, **kwargs)
        self.ma_plugin.converter.add_attribute_function(no_nul_pattern)

    def handle_http_exception(self, error):
        """Render API errors as JSON; leave pages to Flask."""
        if not is_api_request():
            return error
        return api_http_error(error)


def no_nul_pattern(converter, field, ret, **kwargs) -> dict:
    """Document that free text never carries NUL (refused at the door, security/robust.py)."""
    if ret.get("type") == "string" and not {"enum", "format", "pattern"} & ret.keys():
        return {"pattern": NO_NUL}
    return {}
