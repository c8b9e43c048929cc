from . import batch_facility
from . import product_template
from . import res_partner
from . import stock_lot
from . import stock_lot_genealogy
from . import stock_move_line
