from . import batch_validation_override_wizard
from . import batch_state_reason_wizard
from . import batch_temperature_import_wizard
from . import batch_qc_result_correction
