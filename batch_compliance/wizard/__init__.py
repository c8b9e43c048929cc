from . import batch_signature_wizard
from . import batch_fsma_export_wizard
from . import batch_epcis_export_wizard
from . import batch_audit_verification
from . import batch_fsma_kde_import
