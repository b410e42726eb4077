"""The flask-smorest Api with the project's error shape."""

from __future__ import annotations

from flask_smorest import Api

from petitiondesk.core.http import api_http_error, is_api_request


class PetitionApi(Api):
    """flask-smorest Api whose HTTP errors use the one JSON error shape."""

    def handle_http_exception(self, error):
        """Render API errors as JSON; leave pages to Flask."""
        if not is_api_request():
            return error
        return api_http_error(error)
