# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every screen of the Inventory app opens, for each batch role.

Server tests cannot see a view that crashes in the browser (an invalid
group-by, a domain naming an undefined variable, a field a role may not
read). Odoo's own clickbot can: it opens every menu of an app, every view
type, every filter and group-by, and fails on any client error, as Odoo's
``test_click_everywhere`` does for its apps. All batch menus live under
Inventory, so the bot walks that app, once as administrator and once as each
batch role on the demo data.
"""

from odoo.tests import HttpCase, new_test_user, tagged

CLICKBOT = (
    "odoo.loader.modules.get('@web/webclient/clickbot/clickbot_loader')"
    ".startClickEverywhere('stock.menu_stock_root');"
)


@tagged("post_install", "-at_install")
class TestClickEverywhere(HttpCase):
    allow_end_on_form = True

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        roles = {
            "click_stock": "stock.group_stock_user,stock.group_production_lot",
            "click_quality": "batch_traceability.group_quality_user",
            "click_quality_manager": "batch_traceability.group_quality_manager",
            "click_recall": "batch_traceability.group_recall_manager",
        }
        cls.role_users = {
            login: new_test_user(cls.env, login=login, groups=groups)
            for login, groups in roles.items()
        }
        users = cls.env.ref("base.user_admin") | cls.env["res.users"].browse(
            [user.id for user in cls.role_users.values()]
        )
        if "tour_enabled" in users._fields:
            users.tour_enabled = False

    def _click_inventory(self, login):
        menus = (
            self.env["ir.ui.menu"]
            .with_user(self.env["res.users"].search([("login", "=", login)]))
            .load_menus(False)
        )
        inventory = [
            menu
            for menu in menus.values()
            if isinstance(menu, dict) and menu.get("xmlid") == "stock.menu_stock_root"
        ]
        self.assertTrue(inventory, f"{login} sees the Inventory app")
        self.browser_js(
            "/odoo",
            CLICKBOT,
            "odoo.isReady === true",
            login=login,
            timeout=900,
            success_signal="clickbot test succeeded",
        )

    def test_click_inventory_as_admin(self):
        self._click_inventory("admin")

    def test_click_inventory_as_stock_user(self):
        self._click_inventory("click_stock")

    def test_click_inventory_as_quality_user(self):
        self._click_inventory("click_quality")

    def test_click_inventory_as_quality_manager(self):
        self._click_inventory("click_quality_manager")

    def test_click_inventory_as_recall_manager(self):
        self._click_inventory("click_recall")
