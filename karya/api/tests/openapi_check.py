"""A small checker: does a JSON value match a schema of our OpenAPI document?

It knows the parts of JSON Schema that django-ninja emits ($ref, anyOf/oneOf/allOf, type,
enum, const, properties, required, items, string formats and bounds). It is stricter than JSON
Schema in one way: an object may not carry properties its schema does not declare, so a
response that drifts from the documented shape is caught.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.http import HttpResponse


class SchemaMismatch(AssertionError):
    pass


def _resolve(doc: dict, ref: str) -> dict:
    assert ref.startswith("#/"), ref
    node: Any = doc
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def errors(value: Any, schema: dict, doc: dict, where: str = "$") -> list[str]:
    """Every way `value` fails `schema` (empty when it matches)."""
    if "$ref" in schema:
        return errors(value, _resolve(doc, schema["$ref"]), doc, where)
    for key in ("anyOf", "oneOf"):
        if key in schema:
            options = [errors(value, option, doc, where) for option in schema[key]]
            if not any(not problems for problems in options):
                return [f"{where}: matches none of {key}: {options}"]
            return []
    problems: list[str] = []
    for part in schema.get("allOf", []):
        problems += errors(value, part, doc, where)
    if "enum" in schema and value not in schema["enum"]:
        problems.append(f"{where}: {value!r} not in {schema['enum']}")
    if "const" in schema and value != schema["const"]:
        problems.append(f"{where}: {value!r} is not {schema['const']!r}")
    kind = schema.get("type")
    if kind is None:
        return problems
    kinds = kind if isinstance(kind, list) else [kind]
    checks = {
        "object": lambda v: isinstance(v, dict),
        "array": lambda v: isinstance(v, list),
        "string": lambda v: isinstance(v, str),
        "integer": lambda v: isinstance(v, int) and not isinstance(v, bool),
        "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
        "boolean": lambda v: isinstance(v, bool),
        "null": lambda v: v is None,
    }
    if not any(checks[k](value) for k in kinds):
        return [*problems, f"{where}: {value!r} is not of type {kind}"]
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        for name in schema.get("required", []):
            if name not in value:
                problems.append(f"{where}: missing required property {name!r}")
        extra = schema.get("additionalProperties", False)
        for name, item in value.items():
            if name in properties:
                problems += errors(item, properties[name], doc, f"{where}.{name}")
            elif isinstance(extra, dict):
                problems += errors(item, extra, doc, f"{where}.{name}")
            elif extra is not True:
                problems.append(f"{where}: undeclared property {name!r}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            problems += errors(item, schema.get("items", {}), doc, f"{where}[{i}]")
    elif isinstance(value, str):
        if "minLength" in schema and len(value) < schema["minLength"]:
            problems.append(f"{where}: shorter than {schema['minLength']}")
        if "maxLength" in schema and len(value) > schema["maxLength"]:
            problems.append(f"{where}: longer than {schema['maxLength']}")
        parse = {"date": dt.date.fromisoformat, "date-time": dt.datetime.fromisoformat}
        fmt = schema.get("format")
        if fmt in parse:
            try:
                parse[fmt](value)
            except ValueError:
                problems.append(f"{where}: {value!r} is not a {fmt}")
    elif isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            problems.append(f"{where}: below {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            problems.append(f"{where}: above {schema['maximum']}")
    return problems


def operation_for(doc: dict, method: str, path: str) -> tuple[str, dict]:
    """The path template and operation of the document that serve `method path`."""
    for template, operations in doc["paths"].items():
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(template)) + "$"
        if re.match(pattern, path) and method.lower() in operations:
            return template, operations[method.lower()]
    raise SchemaMismatch(f"{method} {path} is not in the OpenAPI document")


def check_response(doc: dict, method: str, path: str, response: HttpResponse) -> None:
    """Fail unless the response's status is declared for the operation and its body matches."""
    template, operation = operation_for(doc, method, path)
    status = str(response.status_code)
    declared = operation["responses"]
    if status not in declared:
        raise SchemaMismatch(f"{method} {template}: status {status} is not declared")
    schema = declared[status].get("content", {}).get("application/json", {}).get("schema")
    if schema is None:
        return
    assert response["Content-Type"].startswith("application/json"), response["Content-Type"]
    problems = errors(response.json(), schema, doc)
    if problems:
        raise SchemaMismatch(f"{method} {template} {status}: " + "; ".join(problems))
