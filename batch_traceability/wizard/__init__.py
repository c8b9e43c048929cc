from . import batch_validation_override_wizard
