"""How the API reads a request: a JSON body must be an object, and no text may carry a NUL
character (PostgreSQL cannot store one, and no form of Karya's sends one)."""

import json

from ninja.parser import Parser


def _has_nul(value) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(item) for item in value)
    return False


class StrictParser(Parser):
    def parse_body(self, request):
        data = json.loads(request.body)
        if data is None:  # "null": no fields, like an empty body
            return {}
        # Every body of the API is an object; ninja would read a list's items as attributes.
        if not isinstance(data, dict):
            raise ValueError("The request body is not a JSON object.")
        if _has_nul(data):
            raise ValueError("The request body holds a NUL character.")
        return data

    def parse_querydict(self, data, list_fields, request):
        parsed = super().parse_querydict(data, list_fields, request)
        # A NUL in a search term is dropped: it cannot match anything stored.
        return {
            key: [v.replace("\x00", "") for v in value]
            if isinstance(value, list)
            else value.replace("\x00", "")
            if isinstance(value, str)
            else value
            for key, value in parsed.items()
        }
