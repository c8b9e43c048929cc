from . import test_batch_master_data
from . import test_genealogy_engine
from . import test_sale_batches
from . import test_batch_enforcement
from . import test_rotation
from . import test_qc_release
from . import test_numbering
from . import test_expiry_storage
