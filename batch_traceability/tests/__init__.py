from . import test_batch_master_data
