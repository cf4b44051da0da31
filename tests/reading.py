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
