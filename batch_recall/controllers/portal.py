# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from werkzeug.urls import url_encode

from odoo import http
from odoo.exceptions import AccessError, MissingError, UserError
from odoo.http import request

from odoo.addons.portal.controllers.portal import CustomerPortal
from odoo.addons.portal.controllers.portal import pager as portal_pager

# A draft notice is a letter being prepared (previewed) by the recall team:
# the customer sees it once it was sent.
SENT_DOMAIN = [("state", "!=", "draft")]


class RecallPortal(CustomerPortal):
    def _prepare_home_portal_values(self, counters):
        values = super()._prepare_home_portal_values(counters)
        if "recall_count" in counters:
            Notice = request.env["batch.recall.notice"]
            values["recall_count"] = (
                Notice.search_count(SENT_DOMAIN) if Notice.has_access("read") else 0
            )
        return values

    @http.route(
        ["/my/recalls", "/my/recalls/page/<int:page>"],
        type="http",
        auth="user",
        website=True,
    )
    def portal_my_recalls(self, page=1, **kw):
        Notice = request.env["batch.recall.notice"]
        # record rules restrict a portal user to their own company's notices
        count = Notice.search_count(SENT_DOMAIN)
        pager = portal_pager(
            url="/my/recalls", total=count, page=page, step=self._items_per_page
        )
        notices = Notice.search(
            SENT_DOMAIN, limit=self._items_per_page, offset=pager["offset"]
        )
        values = self._prepare_portal_layout_values()
        values.update(
            {
                "notices": notices,
                "pager": pager,
                "page_name": "recall",
                "default_url": "/my/recalls",
            }
        )
        return request.render("batch_recall.portal_my_recalls", values)

    @http.route(
        ["/my/recalls/<int:notice_id>"], type="http", auth="public", website=True
    )
    def portal_recall_notice(
        self, notice_id, access_token=None, message=None, error=None, **kw
    ):
        try:
            notice = self._document_check_access(
                "batch.recall.notice", notice_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if notice.sudo().state == "draft":
            return request.redirect("/my")
        values = self._get_page_view_values(
            notice,
            access_token,
            {"notice": notice, "page_name": "recall"},
            "my_recalls_history",
            False,
        )
        values.update(
            {"message": message, "error": error, "lines": notice.sudo().line_ids}
        )
        return request.render("batch_recall.portal_recall_notice", values)

    @http.route(
        ["/my/recalls/<int:notice_id>/answer"],
        type="http",
        auth="public",
        methods=["POST"],
        website=True,
    )
    def portal_recall_answer(self, notice_id, access_token=None, comment=None, **post):
        try:
            notice = self._document_check_access(
                "batch.recall.notice", notice_id, access_token
            )
        except (AccessError, MissingError):
            return request.redirect("/my")
        if notice.sudo().state == "draft":
            return request.redirect("/my")
        answers = {}
        for key, value in post.items():
            field, __, line_id = key.partition("_")
            if field in ("onhand", "destroyed") and line_id.isdigit():
                answers.setdefault(int(line_id), {})[
                    "on_hand" if field == "onhand" else "destroyed"
                ] = value
        params = {"access_token": access_token} if access_token else {}
        try:
            notice.sudo()._batch_portal_answer(
                answers, comment=comment, author=request.env.user.name
            )
            params["message"] = "answered"
        except UserError as error:
            params["error"] = error.args[0]
        return request.redirect(f"/my/recalls/{notice_id}?{url_encode(params)}")
