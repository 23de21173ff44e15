"""EmbeddingField: pgvector ``vector(n)`` on PostgreSQL, a float32 BLOB elsewhere.

On SQLite the BLOB is the raw float32 array, which NumPy reads with
``np.frombuffer`` without parsing text (the embedded backend's vector search).
"""

import numpy as np
from django.db import models


class EmbeddingField(models.Field):
    description = "A fixed-size float32 vector"

    def __init__(self, *args, dimensions: int = 384, **kwargs):
        self.dimensions = dimensions
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs["dimensions"] = self.dimensions
        return name, path, args, kwargs

    def db_type(self, connection):
        if connection.vendor == "postgresql":
            return f"vector({self.dimensions})"
        return "blob"

    def from_db_value(self, value, expression, connection):
        if value is None:
            return None
        if isinstance(value, (bytes, memoryview)):
            return np.frombuffer(bytes(value), dtype=np.float32)
        if isinstance(value, str):  # pgvector text form "[1,2,3]"
            return np.array(value[1:-1].split(","), dtype=np.float32)
        return np.asarray(value, dtype=np.float32)

    def to_python(self, value):
        if value is None or isinstance(value, np.ndarray):
            return value
        return self.from_db_value(value, None, None)

    def get_db_prep_value(self, value, connection, prepared=False):
        if value is None:
            return None
        arr = np.asarray(value, dtype=np.float32).reshape(-1)
        if arr.shape[0] != self.dimensions:
            raise ValueError(f"expected {self.dimensions} dimensions, got {arr.shape[0]}")
        if connection.vendor == "postgresql":
            return "[" + ",".join(repr(float(x)) for x in arr) + "]"
        return arr.tobytes()
