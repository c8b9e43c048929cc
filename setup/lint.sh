#!/usr/bin/env bash
# Linters on the addons, setup scripts and tests: ruff (check + format) and
# pylint-odoo's mandatory checks. The same hooks run from .pre-commit-config.yaml.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
python3 -m ruff check --no-fix .
python3 -m ruff format --check .
python3 -m pylint --rcfile=.pylintrc-mandatory batch_traceability batch_recall batch_compliance
echo "[lint] ok"
