"""Template filters for money and dates, so templates never format by hand."""

from django import template

from karya.core import dates, money

register = template.Library()


@register.filter
def rupiah(value):
    return money.format_rupiah(value)


@register.filter
def tanggal(value):
    return dates.tanggal(value)


@register.filter
def tanggal_waktu(value, tz_name=None):
    return dates.tanggal_waktu(value, tz_name or None)


@register.filter
def waktu(value, tz_name=None):
    return dates.waktu(value, tz_name or None)


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for pagination and sorting)."""
    params = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()
