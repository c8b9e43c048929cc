/** @odoo-module **/
// Copyright 2026 Batch Tracking Suite contributors
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import { Component, onMounted, onWillStart, useRef, useState } from "@odoo/owl";
import { _t } from "@web/core/l10n/translation";
import { registry } from "@web/core/registry";
import { useBus, useService } from "@web/core/utils/hooks";
import { hasTouch } from "@web/core/browser/feature_detection";
import { scanBarcode } from "@web/core/barcode/barcode_dialog";
import { isBarcodeScannerSupported } from "@web/core/barcode/barcode_video_scanner";

const KINDS = [
    ["", _t("All")],
    ["incoming", _t("Receipts")],
    ["outgoing", _t("Deliveries")],
    ["internal", _t("Internal")],
    ["mrp_operation", _t("Manufacturing")],
];

/**
 * Batch Scan: operations to do, one operation's lines, and the verdict of
 * each scan. Every decision is the server's (stock.picking.batch_scan and
 * the batch_scan_* methods): this screen only shows the answer, loudly when
 * it is a refusal.
 */
export class BatchScan extends Component {
    static template = "batch_traceability.BatchScan";
    static props = ["*"];

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.notification = useService("notification");
        this.kinds = KINDS;
        this.cameraSupported = isBarcodeScannerSupported();
        // a touch device gets no automatic focus: the keyboard would pop up
        // after every scan. A wedge scanner still reaches the screen through
        // Odoo's barcode service, which listens when no input has the focus.
        this.touch = hasTouch();
        this.state = useState({
            code: "",
            result: null,
            busy: false,
            kind: "",
            allDates: false,
            operations: null,
            warehouse: "",
            operation: null,
            history: [],
        });
        this.input = useRef("input");
        this.typedInInput = false;
        this.lastLineId = false;
        const barcode = useService("barcode");
        useBus(barcode.bus, "barcode_scanned", (ev) => this.scan(ev.detail.barcode));
        onWillStart(async () => {
            const pickingId = this.props.action?.context?.active_picking_id;
            if (pickingId) {
                await this.openOperation("stock.picking", pickingId);
            } else {
                await this.loadOperations();
            }
        });
        onMounted(() => this.refocus(true));
    }

    refocus(force = false) {
        if (this.input.el && (!this.touch || (!force && this.typedInInput))) {
            this.input.el.focus();
        }
    }

    // ------------------------------------------------------------------
    // Operations to do
    // ------------------------------------------------------------------
    async loadOperations() {
        const res = await this.orm.call("stock.picking", "batch_scan_operations", [], {
            kind: this.state.kind || false,
            all_dates: this.state.allDates,
        });
        this.state.operations = res.operations;
        this.state.warehouse = res.warehouse;
    }

    async setKind(kind) {
        this.state.kind = kind;
        await this.loadOperations();
    }

    async toggleAllDates() {
        this.state.allDates = !this.state.allDates;
        await this.loadOperations();
    }

    async openOperation(model, id) {
        this.lastLineId = false;
        this.state.operation = await this.orm.call(model, "batch_scan_data", [[id]]);
        this.state.result = null;
    }

    async backToOperations() {
        this.state.operation = null;
        this.state.result = null;
        await this.loadOperations();
    }

    async reloadOperation() {
        const op = this.state.operation;
        if (op) {
            await this.openOperation(op.model, op.id);
        }
    }

    // ------------------------------------------------------------------
    // Scans
    // ------------------------------------------------------------------
    async scan(code) {
        code = (code || this.state.code || "").trim();
        if (!code || this.state.busy) {
            return;
        }
        this.state.busy = true;
        const op = this.state.operation;
        try {
            const res = await this.orm.call("stock.picking", "batch_scan", [
                code,
                op ? op.model : false,
                op ? op.id : false,
                (op && this.lastLineId) || false,
            ]);
            if (res.open) {
                await this.openOperation(res.open.model, res.open.id);
                return;
            }
            this.mergeMoves(res.moves);
            if (res.line_id) {
                // a location scanned next puts this line there
                this.lastLineId = res.line_id;
            }
            this.state.result = res;
            this.state.history.unshift({
                code,
                lot: res.lot || code,
                headline: res.headline,
                banner: res.banner || "secondary",
                message: res.error || res.picking_message || "",
            });
            this.state.history.splice(5);
            this.signal(res.banner === "danger" || res.error);
        } finally {
            this.state.busy = false;
            this.state.code = "";
            this.refocus();
        }
    }

    /** Sound and vibration: a refusal must be noticed at arm's length. */
    signal(refused) {
        try {
            if (refused && navigator.vibrate) {
                navigator.vibrate([200, 100, 200]);
            }
            const AudioCtx = window.AudioContext || window.webkitAudioContext;
            if (!AudioCtx) {
                return;
            }
            const ctx = new AudioCtx();
            const osc = ctx.createOscillator();
            osc.frequency.value = refused ? 220 : 880;
            osc.connect(ctx.destination);
            osc.start();
            osc.stop(ctx.currentTime + (refused ? 0.5 : 0.1));
            osc.onended = () => ctx.close();
        } catch {
            // no sound on this device
        }
    }

    onKeydown(ev) {
        if (ev.key === "Enter") {
            // Enter in the input: a wedge scanner or a keyboard is in use
            this.typedInInput = true;
            this.scan();
        }
    }

    async scanWithCamera() {
        let code;
        try {
            code = await scanBarcode(this.env);
        } catch (error) {
            this.notification.add(error.message || String(error), { type: "danger" });
            return;
        }
        if (code) {
            await this.scan(code);
        }
    }

    // ------------------------------------------------------------------
    // Lines and validation
    // ------------------------------------------------------------------
    async setQuantity(line, ev) {
        const op = this.state.operation;
        const res = await this.orm.call(op.model, "batch_scan_set_quantity", [
            [op.id],
            line.id,
            ev.target.value,
        ]);
        this.mergeMoves(res.moves);
        if (res.error) {
            this.state.result = { error: res.error, banner: "danger" };
            this.signal(true);
            // show the quantity the server kept, not the one refused
            await this.reloadOperation();
        }
    }

    /** The server sends back only the moves a scan changed. */
    mergeMoves(moves) {
        const op = this.state.operation;
        if (!op || !moves) {
            return;
        }
        for (const move of moves) {
            const index = op.moves.findIndex((m) => m.id === move.id);
            if (index >= 0) {
                op.moves[index] = move;
            } else {
                op.moves.push(move);
            }
        }
    }

    async validate() {
        const op = this.state.operation;
        const res = await this.orm.call(op.model, "batch_scan_validate", [[op.id]]);
        this.state.operation = res.operation;
        if (res.error) {
            this.state.result = { error: res.error, banner: "danger" };
            this.signal(true);
        } else if (res.action) {
            await this.action.doAction(res.action, {
                onClose: () => this.reloadOperation(),
            });
        } else {
            this.state.result = null;
            this.notification.add(_t("%s is done.", op.name), { type: "success" });
        }
    }

    async printOperationLabels() {
        const op = this.state.operation;
        const action = await this.orm.call(op.model, "batch_scan_print_labels", [[op.id]]);
        await this.action.doAction(action);
    }

    // ------------------------------------------------------------------
    // The scanned batch
    // ------------------------------------------------------------------
    openLot() {
        if (!this.state.result?.lot_id) {
            return;
        }
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

    async printLabel() {
        const action = await this.orm.call("stock.lot", "batch_scan_print_label", [
            [this.state.result.lot_id],
        ]);
        await this.action.doAction(action);
    }
}

registry.category("actions").add("batch_traceability.batch_scan", BatchScan);
