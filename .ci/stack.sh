#!/usr/bin/env bash
# The docker-compose stack proven without Docker: runs .ci/stack.py, which starts the compose topology
# natively (broker, evaluator, monitor, trainer as processes; Debian's prometheus and alertmanager with the
# compose configuration), trains a short run and checks targets, every point of every curve panel, the alert
# rules and the dead-letter topic. Needs prometheus and alertmanager (installed by .ci/dashboards.sh) and
# python3-yaml (installed here when missing). Builds gradstream through ./gradstream on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "== installing python3-yaml (apt)"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends python3-yaml
fi
exec python3 .ci/stack.py
