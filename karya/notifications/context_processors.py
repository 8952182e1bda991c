"""The unread count for the inbox link of the base template: one cheap query, run only when
a page draws the link."""

from django.utils.functional import SimpleLazyObject

from karya.notifications.selectors import unread_count


def inbox(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"inbox_unread": SimpleLazyObject(lambda: unread_count(user=user))}
