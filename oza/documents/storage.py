"""Private storage for generated documents: files on disk outside MEDIA_URL and static, served
only through a view that checks access and writes the audit trail (``views.serve_document``)."""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="oza.documents.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """A FileSystemStorage rooted at ``settings.PRIVATE_MEDIA_ROOT`` (read on every use, so a
    test can point it elsewhere), with no public URL."""

    def __init__(self):
        super().__init__(
            base_url=None, file_permissions_mode=0o640, directory_permissions_mode=0o750
        )

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Private documents have no public URL; use serve_document().")


private_storage = PrivateStorage()
