from . import batch_recall_reason
from . import batch_recall_notice_preview
