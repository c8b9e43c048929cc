from . import report_recall_notice
from . import report_recall_status
from . import report_recall_termination
from . import report_mock_recall
from . import report_recall_drill
