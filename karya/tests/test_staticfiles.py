"""The stylesheet and icon that base.html links to are found by the static files finders
(and so served by whitenoise and gathered by collectstatic)."""

from django.contrib.staticfiles import finders


def test_base_template_assets_are_found():
    for path in ("karya/karya.css", "karya/karya.js", "karya/favicon.svg"):
        assert finders.find(path), path
