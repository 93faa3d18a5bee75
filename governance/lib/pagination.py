"""API pagination (a module of its own: DRF imports it while its generics module loads)."""

from rest_framework import pagination


class PagePagination(pagination.PageNumberPagination):
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200


class KeysetPagination(pagination.CursorPagination):
    """Cursor (keyset) pagination for lists that grow large: constant cost at any depth."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = "-id"
