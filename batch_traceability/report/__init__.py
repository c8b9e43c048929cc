from . import batch_report_mixin
from . import report_batch_label
