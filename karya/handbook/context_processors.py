"""`help_url`: where the "Bantuan" link of the page being shown leads (base.html and the
public site's base template show it on every page)."""

from django.urls import reverse

from karya.accounts.permissions import access_for
from karya.handbook import chapters


def reader_roles(access, facility) -> set[str]:
    """The reader's roles that matter on this page: those in the page's unit, else all."""
    if facility is not None:
        roles = access.roles_in(facility)
        if roles:
            return roles
    return {m.role for m in access.memberships}


def help_url_for(request) -> str:
    """The chapter (and section) of the guide that explains the page of `request`."""
    user = getattr(request, "user", None)
    match = getattr(request, "resolver_match", None)
    url_name = match.view_name if match else None
    if user is None or not user.is_authenticated:
        access, roles = None, {"anonymous"}
    else:
        access = access_for(user)
        roles = reader_roles(access, getattr(request, "facility", None))
    target = chapters.help_target(url_name, roles=roles, readable=chapters.visible_to(access))
    if target is None:
        return reverse("handbook:index")
    doc, anchor = target
    url = reverse("handbook:chapter", args=[doc.slug])
    return f"{url}#{anchor}" if anchor else url


def help_link(request):
    return {"help_url": help_url_for(request)}
