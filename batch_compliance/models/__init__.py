from . import batch_audit_log
from . import batch_audit_mixin
from . import audited_models
from . import batch_signature
from . import res_company
from . import signed_actions
from . import batch_fsma_event
from . import fsma_capture
