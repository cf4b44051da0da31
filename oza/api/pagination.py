from django.conf import settings
from rest_framework.pagination import PageNumberPagination


class Pagination(PageNumberPagination):
    """``?page=2&page_size=50``: OZA_API_PAGE_SIZE by default, at most OZA_API_MAX_PAGE_SIZE."""

    page_size_query_param = "page_size"

    @property
    def page_size(self):
        return settings.OZA_API_PAGE_SIZE

    @property
    def max_page_size(self):
        return settings.OZA_API_MAX_PAGE_SIZE
