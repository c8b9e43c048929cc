from . import test_audit_trail
from . import test_esignature
from . import test_fsma
from . import test_compliance_reports
from . import test_epcis
