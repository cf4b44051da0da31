from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "oza.documents"
    label = "documents"
    verbose_name = _("Documenten")

    def ready(self):
        from cases import cache

        from .models import Document

        # The plans on the oza page, the verslagen on the MDO screen (cases/cache.py).
        cache.listen_to_case_parts({Document: "arrangement_id"})
        # A proposal's versions on its page.
        cache.listen(cache.proposal_document_changed, Document)
