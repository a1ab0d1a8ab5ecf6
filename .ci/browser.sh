#!/usr/bin/env bash
# Installs Debian's chromium and chromium-driver when missing, for the browser tests (the report page and
# the live view, driven headless through Selenium). The tests skip themselves when no browser is present,
# so running this first is what makes them count. Exits non-zero if the install fails.
set -euo pipefail
if command -v chromium >/dev/null && command -v chromedriver >/dev/null; then
  echo "browser: $(chromium --version 2>/dev/null | head -1); $(chromedriver --version 2>/dev/null | head -1)"
  exit 0
fi
echo "== installing chromium and chromium-driver (apt)"
sudo_cmd=()
[ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
"${sudo_cmd[@]}" apt-get update -q
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends chromium chromium-driver
chromium --version
chromedriver --version
