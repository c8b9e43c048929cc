from . import batch_recall_reason
