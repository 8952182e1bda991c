"""Template filters of the dashboards and reports."""

from django import template

from karya.reports import formats

register = template.Library()


@register.filter
def angka(value):
    """1.140 (English: 1,140)."""
    return formats.number(value)


@register.filter
def persen(value):
    """45,3 % (English: 45.3%)."""
    return formats.percent(value)


@register.filter
def nilai(value, kind):
    """A figure written by its kind: count, rupiah, percent or quantity."""
    return formats.value(value, kind)


@register.filter
def ukur(figures, measure):
    """The value of a measure of a Figures object."""
    return figures.get(measure)
