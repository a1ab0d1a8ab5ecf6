#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian's prometheus, docker-compose, chromium and
# chromium-driver; npm's buf, @grafana/schema and typescript into ~/.cache/gradstream) and runs the checks
# that are not JUnit tests: promtool, docker-compose config, the dashboards' type check, buf lint/breaking.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/dashboards.sh
bash .ci/browser.sh
bash .ci/contract.sh
