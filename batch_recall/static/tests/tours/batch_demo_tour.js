/** @odoo-module **/
// Copyright 2026 Batch Tracking Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
//
// The headline screens of the demo database, with the figures its story
// produced (demo/*.xml of the three addons): these tours fail when a screen
// opens empty or shows made-up numbers.
import { registry } from "@web/core/registry";

const tours = registry.category("web_tour.tours");

/** Steps that only check what is on screen. */
function see(...triggers) {
    return triggers.map((trigger) => ({ trigger }));
}

/** Open the form's "More" stat buttons when they overflow, so that every
 * stat button (rendered in the dropdown then) can be read and clicked. */
function openStatButtons() {
    return {
        content: "show every stat button",
        trigger: ".o_form_view .o-form-buttonbox",
        run() {
            const more = document.querySelector(".o_form_view .o-form-buttonbox .o_button_more");
            if (more && !document.querySelector("button[name=action_view_batch_where_used]")) {
                more.click();
            }
        },
    };
}

// Started on the received oats batch OAT-25-0412.
tours.add("batch_demo_genealogy_tour", {
    steps: () => [
        openStatButtons(),
        ...see("button[name=action_view_batch_downstream] .o_stat_value:contains(2)"),
        {
            content: "the batches made from the oats",
            trigger: "button[name=action_view_batch_downstream]",
            run: "click",
        },
        ...see(
            ".o_list_view .o_data_row:contains(-PL1-GRB-002)",
            ".o_list_view .o_data_row:contains(-PL1-GRB-001)"
        ),
        {
            content: "open the first granola batch",
            trigger: ".o_list_view .o_data_row .o_data_cell:contains(-PL1-GRB-001)",
            run: "click",
        },
        ...see(".o_form_view .o_field_widget[name=batch_state]:contains(Recalled)"),
        openStatButtons(),
        ...see(
            "button[name=action_view_batch_upstream] .o_stat_value:contains(2)",
            "button[name=action_view_batch_downstream] .o_stat_value:contains(0)"
        ),
    ],
});

// Started on the received oats batch OAT-25-0412.
tours.add("batch_demo_where_used_tour", {
    steps: () => [
        openStatButtons(),
        {
            content: "where the oats went",
            trigger: "button[name=action_view_batch_where_used]",
            run: "click",
        },
        // grouped by kind and opened: the customers with what they received,
        // in the product's unit, and the stock left
        ...see(
            ".o_list_view .o_group_header:contains(Customers)",
            ".o_list_view .o_data_row:contains(Fresh & Co Supermarkets):contains(1,200.00):contains(Units)",
            ".o_list_view .o_data_row:contains(Green Basket Organic Stores):contains(500.00)",
            ".o_list_view .o_data_row:contains(Station Snacks Distribution):contains(800.00)",
            ".o_list_view .o_data_row:contains(WH/Stock):contains(OAT-25-0412):contains(495.00):contains(kg)"
        ),
    ],
});

// Started on the completed mock recall of honey batch HON-25-0102.
tours.add("batch_demo_mock_recall_tour", {
    steps: () => [
        ...see(
            ".o_form_view .o_field_widget[name=drill_result]:contains(Passed)",
            ".o_form_view .o_field_widget[name=drill_balance_pct]:contains(100.00)"
        ),
        {
            content: "the mass balance of the batch",
            trigger: ".o_notebook .nav-link:contains(Mass Balance)",
            run: "click",
        },
        ...see(
            ".o_field_widget[name=reconciliation_ids] .o_data_row:contains(HON-25-0102):contains(120.00):contains(55.00):contains(65.00):contains(100.00)"
        ),
    ],
});

// Started on the granola recall in progress.
tours.add("batch_demo_recall_tour", {
    steps: () => [
        {
            content: "the customers who received the batch",
            trigger: ".o_notebook .nav-link:contains(Consignees)",
            run: "click",
        },
        ...see(
            ".o_field_widget[name=line_ids] .o_data_row:contains(Fresh & Co Supermarkets):contains(1,200.00)",
            ".o_field_widget[name=line_ids] .o_data_row:contains(Green Basket Organic Stores):contains(500.00)"
        ),
        {
            content: "the mass balance of the batch",
            trigger: ".o_notebook .nav-link:contains(Mass Balance)",
            run: "click",
        },
        ...see(
            ".o_field_widget[name=reconciliation_ids] .o_data_row:contains(-PL1-GRB-001):contains(2,000.00):contains(1,700.00):contains(300.00):contains(100.00)"
        ),
    ],
});

// Started on /my as Green Basket's quality manager (portal user).
tours.add("batch_demo_portal_notice_tour", {
    steps: () => [
        {
            content: "the recall notice waits on the portal",
            trigger: "a[href*='/my/recalls']",
            run: "click",
        },
        {
            content: "open the notice",
            trigger: "table a[href*='/my/recalls/']",
            run: "click",
        },
        ...see(
            "h2:contains(Product recall)",
            "p:contains(Hard plastic fragments may be present)",
            "tr:contains(-PL1-GRB-001):contains(500.00)",
            "button[type=submit]:contains(Send my answer)"
        ),
    ],
});

/** Put a whole code in the scan input at once, as a phone scan does. */
function scan(code) {
    return {
        content: `scan ${code}`,
        trigger: ".o_action_manager input",
        run() {
            const input =
                document.querySelector(".o_batch_scan_input") ||
                document.querySelector(".o_action_manager input");
            input.value = code;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        },
    };
}

// Started on the scan screen, in a phone-sized browser.
tours.add("batch_demo_scan_phone_tour", {
    steps: () => [
        // a demo product's GTIN with a demo batch: found on the first try
        scan("(01)04012345000023(10)25213-PL1-GRB-001"),
        ...see(
            ".o_action_manager:contains(25213-PL1-GRB-001):contains(Released)",
            ".o_action_manager:contains(Granola Bar Honey & Oat 40 g)"
        ),
        {
            content: "the screen fits the phone: nothing to scroll sideways",
            trigger: ".o_action_manager:contains(25213-PL1-GRB-001)",
            run() {
                const width = document.documentElement.clientWidth;
                if (width > 420) {
                    throw new Error(`not a phone-sized window: ${width}px wide`);
                }
                const overflow = document.documentElement.scrollWidth - width;
                if (overflow > 1) {
                    throw new Error(`the scan screen is ${overflow}px wider than the phone`);
                }
            },
        },
    ],
});
