/** @odoo-module **/
// Copyright 2026 Batch Tracking Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/** Put a whole code in the scan input at once, as a wedge scanner does. */
function scan(code) {
    return {
        content: `scan ${code}`,
        trigger: ".o_batch_scan_input",
        run() {
            const input = document.querySelector(".o_batch_scan_input");
            input.value = code;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        },
    };
}

const GTIN = "09506000134390";
const OTHER_GTIN = "09506000134406";

registry.category("web_tour.tours").add("batch_scan_receive_tour", {
    steps: () => [
        { trigger: ".o_batch_scan_operations .o_batch_scan_op:contains(IN/)" },
        {
            content: "filter on receipts",
            trigger: ".o_batch_scan_kind:contains(Receipts)",
            run: "click",
        },
        {
            content: "open the receipt from the list",
            trigger: ".o_batch_scan_op:contains(IN/)",
            run: "click",
        },
        { trigger: ".o_batch_scan_operation .o_batch_scan_move_qty:contains(0 / 30)" },
        scan(`(01)${GTIN}(17)301231(10)TOUR-SUP-A(37)12`),
        { trigger: ".o_batch_scan_banner.text-bg-success:contains(Received)" },
        { trigger: ".o_batch_scan_move_qty:contains(12 / 30)" },
        scan(`(01)${GTIN}(17)310131(10)TOUR-SUP-B(37)12`),
        { trigger: ".o_batch_scan_line_lot:contains(TOUR-SUP-B)" },
        { trigger: ".o_batch_scan_move_qty:contains(24 / 30)" },
        scan("TOUR-BIN-1"),
        { trigger: ".o_batch_scan_banner.text-bg-success:contains(Put in)" },
        { trigger: ".o_batch_scan_line:contains(TOUR-SUP-B):contains(Tour Bin 1)" },
        scan(`(01)${OTHER_GTIN}(10)TOUR-X`),
        { trigger: ".o_batch_scan_banner.text-bg-danger:contains(Not on this transfer)" },
        { trigger: ".o_batch_scan_history:contains(TOUR-SUP-A)" },
        { trigger: ".o_batch_scan_validate", run: "click" },
        {
            content: "Odoo's backorder question",
            trigger: ".modal button[name=process]",
            run: "click",
        },
        { trigger: ".o_batch_scan_op_state:contains(Done)" },
        { trigger: ".o_batch_scan_print_all" },
        { trigger: ".o_batch_scan_back", run: "click" },
        { trigger: ".o_batch_scan_operations" },
    ],
});

registry.category("web_tour.tours").add("batch_scan_pick_tour", {
    steps: () => [
        { trigger: ".o_batch_scan_operations" },
        scan("TOUR-OUT-1"),
        { trigger: ".o_batch_scan_operation .o_batch_scan_line:first .o_batch_scan_line_lot:contains(TOUR-EARLY)" },
        scan(`(01)${GTIN}(10)TOUR-QUAR`),
        { trigger: ".o_batch_scan_banner.text-bg-danger:contains(Do not pick)" },
        { trigger: ".o_batch_scan_picking:contains(only released)" },
        scan(`(01)${GTIN}(10)TOUR-LATE`),
        { trigger: ".o_batch_scan_banner.text-bg-success" },
        { trigger: ".o_batch_scan_line_picked .o_batch_scan_line_lot:contains(TOUR-LATE)" },
        { trigger: ".o_batch_scan_move_qty:contains(10 / 10)" },
        { trigger: ".o_batch_scan_validate", run: "click" },
        { trigger: ".o_batch_scan_op_state:contains(Done)" },
    ],
});
