# Copyright 2026 Batch Tracking Suite contributors
# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Reading the shipping KDEs a supplier sends (21 CFR 1.1340(b)): a CSV in
the FDA / PTI column layout, or an EPCIS 2.0 JSON-LD document of shipping
events. Plain functions, not a model: they only turn a file into rows of
text values (one row per traceability lot code); the import wizard
(``wizard/batch_fsma_kde_import.py``) checks the rows against the receipt.

Each row is a dict with the keys of ``ROW_KEYS`` (missing values are empty
strings) plus ``row`` (its number in the file: CSV line, or event/element).
"""

import csv
import io
import json
import re
from urllib.parse import unquote

# The TLC source as our EPCIS documents carry it: an extension of the event
# (EPCIS 2.0 allows namespaced extension properties), a JSON object with the
# location fields of 21 CFR 1.1310 or the TLC source reference.
FSMA_NS = "https://batch-tracking.github.io/ns/fsma204#"
TLC_SOURCE_KEY = "fsma:tlcSource"
SOURCE_FIELDS = (
    "name",
    "phone",
    "street",
    "city",
    "state",
    "zip",
    "country",
    "gln",
    "referenceType",
    "reference",
)

ROW_KEYS = (
    "tlc",
    "gtin",
    "product_code",
    "product",
    "quantity",
    "uom",
    "ship_date",
    "source_text",
    "source_name",
    "source_phone",
    "source_street",
    "source_city",
    "source_state",
    "source_zip",
    "source_country",
    "source_gln",
    "source_reference_type",
    "source_reference",
    "document_type",
    "document",
)

# Column titles accepted for each key (compared lower-case, punctuation and
# spaces folded): our own outbound CSV, FDA's illustrative template
# (June 2024) and the Produce Traceability Initiative's case label fields.
COLUMN_ALIASES = {
    "tlc": (
        "traceability lot code",
        "traceability lot code tlc",
        "tlc",
        "lot code",
        "batch lot",
        "lot",
    ),
    "gtin": ("gtin", "product gtin", "global trade item number", "gtin 14"),
    "product_code": (
        "product code",
        "item code",
        "sku",
        "supplier product code",
        "vendor product code",
        "internal reference",
    ),
    "product": (
        "product description",
        "product",
        "product name",
        "description",
        "commodity",
    ),
    "quantity": ("quantity", "qty", "quantity shipped", "quantity received"),
    "uom": ("unit of measure", "uom", "unit", "unit of measure uom"),
    "ship_date": (
        "ship date",
        "ship date utc",
        "date shipped",
        "shipping date",
        "date of shipment",
    ),
    "source_text": (
        "tlc source or tlc source reference",
        "tlc source or reference",
        "traceability lot code source",
        "tlc source",
    ),
    "source_name": ("tlc source business name", "tlc source location name"),
    "source_phone": ("tlc source phone", "tlc source phone number"),
    "source_street": ("tlc source street address", "tlc source street"),
    "source_city": ("tlc source city",),
    "source_state": ("tlc source state", "tlc source state region"),
    "source_zip": ("tlc source zip", "tlc source zip code", "tlc source postal code"),
    "source_country": ("tlc source country",),
    "source_gln": ("tlc source gln",),
    "source_reference_type": ("tlc source reference type",),
    "source_reference": ("tlc source reference",),
    "document_type": ("reference document type",),
    "document": ("reference document number", "reference document"),
}

# UN/CEFACT Recommendation 20 codes of the units suppliers send.
UNECE_UNITS = {
    "KGM": "kg",
    "GRM": "g",
    "TNE": "t",
    "LBR": "lb",
    "ONZ": "oz",
    "LTR": "l",
    "MLT": "ml",
    "EA": "units",
    "C62": "units",
    "H87": "units",
}


class KdeFileError(ValueError):
    """The file as a whole cannot be read (format, columns): no row is
    checked. ``code`` names the problem, ``details`` its values; the wizard
    turns them into a translated message."""

    def __init__(self, code, **details):
        super().__init__(code)
        self.code = code
        self.details = details


def _fold(title):
    return " ".join(re.sub(r"[^a-z0-9]+", " ", (title or "").lower()).split())


def _column_map(header):
    folded = {_fold(title): index for index, title in enumerate(header)}
    found = {}
    for key, aliases in COLUMN_ALIASES.items():
        for alias in aliases:
            if alias in folded:
                found[key] = folded[alias]
                break
    return found


def _decode(raw):
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise KdeFileError("encoding")


def read_csv(raw):
    """Rows of a CSV file (comma, semicolon or tab separated, header row)."""
    text = _decode(raw)
    if not text.strip():
        raise KdeFileError("empty")
    first = text.splitlines()[0]
    delimiter = max(",;\t", key=first.count)
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = next(reader)
    columns = _column_map(header)
    missing = []
    if "tlc" not in columns:
        missing.append("Traceability Lot Code")
    if not {"gtin", "product_code", "product"} & set(columns):
        missing.append("GTIN, Product Code or Product Description")
    for key, label in (
        ("quantity", "Quantity"),
        ("uom", "Unit of Measure"),
        ("ship_date", "Ship Date"),
    ):
        if key not in columns:
            missing.append(label)
    if missing:
        raise KdeFileError("columns", missing=", ".join(missing))
    rows = []
    for number, values in enumerate(reader, start=2):
        if not any(value.strip() for value in values):
            continue
        row = {key: "" for key in ROW_KEYS}
        for key, index in columns.items():
            if index < len(values):
                row[key] = values[index].strip()
        row["row"] = str(number)
        rows.append(row)
    if not rows:
        raise KdeFileError("no_rows")
    return rows


def gtin_check_digit(digits):
    """GS1 check digit of the 13 (or 7, 11, 12, 16) digits before it."""
    total = sum(
        int(d) * (3 if i % 2 == 0 else 1) for i, d in enumerate(reversed(digits))
    )
    return str((10 - total % 10) % 10)


def parse_epc_class(uri):
    """(GTIN-14, lot) of a class-level identifier: a GS1 Digital Link
    ``https://{domain}/01/{gtin}/10/{lot}`` or an LGTIN
    ``urn:epc:class:lgtin:{company prefix}.{indicator+item ref}.{lot}``."""
    uri = (uri or "").strip()
    match = re.search(r"/01/(\d{8,14})/10/([^/?#]+)", uri)
    if match:
        return match.group(1).zfill(14), unquote(match.group(2))
    match = re.fullmatch(r"urn:epc:class:lgtin:(\d+)\.(\d+)\.(.+)", uri)
    if match:
        prefix, item, lot = match.groups()
        body = item[:1] + prefix + item[1:]
        if len(body) == 13:
            return body + gtin_check_digit(body), unquote(lot)
    return "", ""


def _local(key):
    """A property name without its JSON-LD prefix or namespace."""
    return re.split(r"[:#/]", key)[-1]


def _source_values(value):
    if isinstance(value, str):
        return {"source_text": value.strip()}
    if not isinstance(value, dict):
        return {}
    plain = {_local(key): val for key, val in value.items()}
    row = {}
    for name in SOURCE_FIELDS:
        if plain.get(name) not in (None, ""):
            key = {
                "referenceType": "source_reference_type",
                "reference": "source_reference",
            }.get(name, f"source_{name}")
            row[key] = str(plain[name]).strip()
    return row


def read_epcis(raw):
    """Rows of an EPCIS 2.0 JSON-LD document: one per quantity element of
    each shipping ObjectEvent."""
    try:
        document = json.loads(_decode(raw))
    except ValueError as error:
        raise KdeFileError("json", error=str(error)) from error
    if not isinstance(document, dict) or "EPCIS" not in str(document.get("type")):
        raise KdeFileError("not_epcis")
    body = document.get("epcisBody") or {}
    events = body.get("eventList")
    if events is None:
        events = (body.get("queryResults") or {}).get("resultsBody", {})
        events = events.get("eventList") or []
    rows = []
    for number, event in enumerate(events, start=1):
        step = str(event.get("bizStep") or "")
        if event.get("type") != "ObjectEvent" or not step.lower().endswith("shipping"):
            continue
        source = {}
        for key, value in event.items():
            if _local(key) == "tlcSource":
                source = _source_values(value)
        documents = event.get("bizTransactionList") or []
        for element_number, element in enumerate(
            event.get("quantityList") or [], start=1
        ):
            gtin, lot = parse_epc_class(element.get("epcClass"))
            row = {key: "" for key in ROW_KEYS}
            row.update(source)
            unit = element.get("uom")
            row.update(
                tlc=lot,
                gtin=gtin,
                product=element.get("epcClass") or "",
                quantity=str(element.get("quantity", "")),
                uom=UNECE_UNITS.get(unit, unit) if unit else "units",
                ship_date=str(event.get("eventTime") or ""),
                row=f"{number}.{element_number}",
            )
            if documents:
                row["document_type"] = str(documents[0].get("type") or "")
                row["document"] = str(documents[0].get("bizTransaction") or "")
            rows.append(row)
    if not rows:
        raise KdeFileError("no_shipping")
    return rows


def read_kde_file(raw, filename=""):
    """Rows of a KDE file, EPCIS when it is JSON, else CSV.

    :return: (format, rows) with format ``epcis`` or ``csv``
    """
    stripped = raw.lstrip(b"\xef\xbb\xbf \t\r\n")
    if stripped.startswith(b"{") or filename.lower().endswith((".json", ".jsonld")):
        return "epcis", read_epcis(raw)
    return "csv", read_csv(raw)
