"""Reading a page as the tests of cached reads compare it."""

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

CSRF_VALUE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def read_main(client, user, url, **params) -> tuple[str, int]:
    """``user``'s view of the page's main content, its CSRF tokens (fresh on each request)
    left out, and the number of queries the request took."""
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, params)
    assert response.status_code == 200
    html = response.content.decode()
    main = html[html.index("<main") : html.index("</main>")]
    return CSRF_VALUE.sub("", main), len(queries)


def read_twice(client, user, url, **params) -> tuple[str, int, int]:
    """``user`` reads the page twice, which must look the same both times: its main content,
    and the number of queries of the first and of the second reading."""
    (first, cold), (second, warm) = (read_main(client, user, url, **params) for _ in range(2))
    assert second == first
    return second, cold, warm


def made_again(monkeypatch, owner, name) -> list[list[int]]:
    """The ids each call of ``owner.name`` (which makes what is kept per oza, or per part of
    one) was given."""
    return calls_of(monkeypatch, owner, name, record=lambda args: sorted(args[-1]))


def calls_of(monkeypatch, owner, name, record=lambda args: args) -> list:
    """One entry (``record`` of its arguments) for each call of ``owner.name`` from now on,
    such as a view's ``get_context_data``, which a page from the cache does not call."""
    calls = []
    method = getattr(owner, name)

    def recorded(*args, **kwargs):
        calls.append(record(args))
        return method(*args, **kwargs)

    monkeypatch.setattr(owner, name, recorded)
    return calls
