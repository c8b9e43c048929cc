from . import test_batch_master_data
from . import test_genealogy_engine
from . import test_sale_batches
