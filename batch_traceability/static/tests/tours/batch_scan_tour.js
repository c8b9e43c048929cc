/** @odoo-module **/
// Copyright 2026 Batch Tracking Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { registry } from "@web/core/registry";

/** Put a whole code in the scan input at once, as a paste or a phone scan does. */
function paste(code) {
    return {
        trigger: ".o_batch_scan_input",
        run() {
            const input = document.querySelector(".o_batch_scan_input");
            input.value = code;
            input.dispatchEvent(new Event("input", { bubbles: true }));
            input.dispatchEvent(new KeyboardEvent("keydown", { key: "Enter", bubbles: true }));
        },
    };
}

registry.category("web_tour.tours").add("batch_traceability_scan_tour", {
    steps: () => [
        paste("(01)09506000134352(17)301231(10)TOUR-REL-1"),
        { trigger: ".o_batch_scan_banner.text-bg-success:contains(Released)" },
        { trigger: ".o_batch_scan_lot:contains(TOUR-REL-1)" },
        paste("TOUR-RCL-1"),
        { trigger: ".o_batch_scan_banner.text-bg-danger:contains(Recalled)" },
        paste("(01)09506000134352(17)301331(10)TOUR-REL-1"),
        { trigger: ".o_batch_scan_error:contains(Invalid date)" },
    ],
});
