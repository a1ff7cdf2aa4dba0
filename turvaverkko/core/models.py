"""Tables shared by every app: files kept in the database, and change counters.

Both exist so that every web and worker machine sees the same thing without a shared disk:
`StoredFile` backs `storage.DatabaseStorage`, and a `Counter` row is what every process reads
to know whether its caches of published data are still current (counters.py).
"""

from django.db import models


class StoredFile(models.Model):
    """One file of a storage backed by the database (uploads, insight data)."""

    name = models.CharField(max_length=255, unique=True)
    content = models.BinaryField()
    size = models.BigIntegerField()
    sha256 = models.CharField(max_length=64)
    modified_at = models.DateTimeField()

    def __str__(self) -> str:
        return self.name


class Counter(models.Model):
    """A number that only grows; each change of what it counts adds one in its own transaction."""

    name = models.CharField(max_length=64, primary_key=True)
    value = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.name}={self.value}"
