class ReadOnlyAdminMixin:
    """Admin pages that only show: changes go through the services, which audit them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
