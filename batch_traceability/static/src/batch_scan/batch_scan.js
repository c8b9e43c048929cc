/** @odoo-module **/
// Copyright 2026 Batch Tracking Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component, onMounted, useRef, useState } from "@odoo/owl";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";

/**
 * Batch Scan: one big input for keyboard-wedge scanners, phones and typing.
 * Everything is decided on the server (batch_scan_lookup); the screen only
 * shows the answer, including the reason a batch may not ship.
 */
export class BatchScan extends Component {
    static template = "batch_traceability.BatchScan";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({ code: "", result: null, busy: false });
        this.input = useRef("input");
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        onMounted(() => this.input.el && this.input.el.focus());
    }

    get pickingId() {
        return this.props.action?.context?.active_picking_id || false;
    }

    async scan(code) {
        code = code || this.state.code;
        if (!code || this.state.busy) {
            return;
        }
        this.state.busy = true;
        try {
            this.state.result = this.pickingId
                ? await this.orm.call("stock.picking", "batch_scan_confirm", [
                      [this.pickingId],
                      code,
                  ])
                : await this.orm.call("stock.lot", "batch_scan_lookup", [code]);
        } finally {
            this.state.busy = false;
            this.state.code = "";
            this.input.el && this.input.el.focus();
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            this.scan();
        }
    }

    openLot() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "stock.lot",
            res_id: this.state.result.lot_id,
            views: [[false, "form"]],
        });
    }

    async quarantine() {
        const lot = this.state.result.lot;
        const action = await this.orm.call("stock.lot", "batch_scan_quarantine", [
            [this.state.result.lot_id],
        ]);
        await this.action.doAction(action, {
            onClose: async () => {
                this.state.result = await this.orm.call("stock.lot", "batch_scan_lookup", [lot]);
            },
        });
    }

    printLabel() {
        this.action.doAction("batch_traceability.action_report_batch_label_4x2", {
            additionalContext: { active_ids: [this.state.result.lot_id] },
        });
    }
}

registry.category("actions").add("batch_traceability.batch_scan", BatchScan);
