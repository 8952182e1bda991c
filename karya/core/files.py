"""Names of stored files. An uploaded file's name is never used for storage: it may be
hostile ("../../etc/passwd", "foto.php%00.jpg", a name of 10,000 characters)."""

import re


def file_extension(filename: str, default: str) -> str:
    """The extension of an uploaded name, for a stored name: lower-case letters and digits
    only, at most five; `default` when there is none."""
    if "." not in filename:
        return default
    extension = re.sub(r"[^a-z0-9]", "", filename.rsplit(".", 1)[-1].lower())[:5]
    return extension or default
