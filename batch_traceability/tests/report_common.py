# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Checks shared by the report tests of the three addons: PDFs rendered by
wkhtmltopdf and read back with pdftotext, and templates that only read the
values their report model prepared."""

import re
import shutil
import subprocess

from odoo.tools import config

from odoo.addons.base.models.ir_actions_report import _get_wkhtmltopdf_bin

# What a report template must not do itself: its report model prepares it.
FORBIDDEN_IN_TEMPLATES = (
    "search(",
    "search_read(",
    "search_count(",
    "._batch_trace",
    ".batch_trace(",
    "env[",
)
# "2026-12-02 14:05 CET": date, time and the time zone's name
DATETIME_TZ = r"\d{4}-\d{2}-\d{2} \d{2}:\d{2} [A-Z+-][A-Za-z0-9+-]{1,5}"
PAGE_X_OF_Y = r"Page:?\s*(\d+)\s*/\s*(\d+)"


def pdf_text(pdf, layout=True):
    """The PDF's text: laid out as printed, or in reading order (each table
    cell whole, however it wraps)."""
    return subprocess.run(
        ["pdftotext", *(["-layout"] if layout else []), "-", "-"],
        input=pdf,
        capture_output=True,
        check=True,
    ).stdout.decode()


class ReportDocumentsMixin:
    """For TransactionCase classes: call ``_check_pdf_tools`` in setUpClass."""

    @classmethod
    def _check_pdf_tools(cls):
        # wkhtmltopdf loads the report styles from the test's own HTTP server
        # (pytest-odoo serves on a port of its choosing)
        cls.env["ir.config_parameter"].sudo().set_param(
            "report.url", f"http://127.0.0.1:{config['http_port']}"
        )
        assert shutil.which("pdftotext"), "poppler-utils (pdftotext) is required"
        binary = _get_wkhtmltopdf_bin()
        assert binary, "wkhtmltopdf is required"
        version = subprocess.run(
            [binary, "--version"], capture_output=True, check=False
        ).stdout.decode()
        # Odoo prints the company header and footer only with this build
        # (setup/install.sh installs one, see the README, "PDF documents").
        assert "with patched qt" in version, (
            f"{binary} is {version.strip()!r}: company header and page numbers "
            "need wkhtmltopdf with patched Qt (bash setup/install.sh)"
        )

    def _pdf(self, xmlid, records, user=None):
        """The text of the PDF as laid out; ``self.pdf_words``: its words in
        reading order, separated by single spaces."""
        report = self.env["ir.actions.report"]
        if user:
            report = report.with_user(user)
        pdf, kind = report.with_context(force_report_rendering=True)._render_qweb_pdf(
            xmlid, records.ids
        )
        self.assertEqual(kind, "pdf")
        self.assertTrue(pdf.startswith(b"%PDF"))
        self.pdf_words = " ".join(pdf_text(pdf, layout=False).split())
        return pdf_text(pdf)

    def _assert_company_header_and_pages(self, text, company):
        """Company name and address at the top, "Page X / Y" at the bottom
        of each page."""
        pages = [page for page in text.split("\f") if page.strip()]
        self.assertTrue(pages)
        for number, page in enumerate(pages, start=1):
            head = page.strip().splitlines()[:8]
            self.assertIn(company.name, "\n".join(head))
            self.assertIn(company.street, "\n".join(head))
            self.assertIn(company.city, "\n".join(head))
            found = re.findall(PAGE_X_OF_Y, page)
            self.assertEqual(found, [(str(number), str(len(pages)))], page)

    def _assert_signature(self, name, when, meaning):
        """A row of a signature block in the last PDF: printed name (and
        login), date and time with the time zone (as the report's time zone
        gives it), meaning."""
        self.assertRegex(when, "^" + DATETIME_TZ + "$")
        row = (
            re.escape(" ".join(name.split()))
            + r"( \([^)]*\))? "
            + re.escape(when)
            + " "
            + re.escape(meaning)
        )
        self.assertRegex(self.pdf_words, row)

    def _assert_report_templates_prepared(self, module):
        """Every PDF of ``module`` has its report model, and no template in
        ``<module>/report/`` searches or traces by itself."""
        reports = self.env["ir.actions.report"].search(
            [("report_name", "=like", f"{module}.%"), ("report_type", "=", "qweb-pdf")]
        )
        self.assertTrue(reports)
        for report in reports:
            self.assertIn(
                f"report.{report.report_name}",
                self.env,
                f"{report.report_name} has no report model",
            )
        views = (
            self.env["ir.ui.view"]
            .with_context(active_test=False)
            .search([("arch_fs", "=like", f"{module}/report/%")])
        )
        self.assertTrue(set(reports.mapped("report_name")) <= set(views.mapped("key")))
        for view in views:
            self.assertTrue(view.arch_fs.endswith("_templates.xml"), view.arch_fs)
            for forbidden in FORBIDDEN_IN_TEMPLATES:
                self.assertNotIn(forbidden, view.arch_db, f"{view.key}: {forbidden}")
