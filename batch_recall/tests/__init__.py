from . import test_recall
from . import test_recall_reports
from . import test_recall_portal
from . import test_recall_rules
from . import test_complaint_recall_start
from . import test_recall_strategy
from . import test_recall_drill
