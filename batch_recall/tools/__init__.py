from .bulk_insert import bulk_insert
