#!/usr/bin/env bash
# Installs what the tests need when it is missing (Debian's prometheus, prometheus-alertmanager,
# docker-compose, chromium and chromium-driver; npm's buf, @grafana/schema and typescript into
# ~/.cache/gradstream) and runs the checks that are not JUnit tests: promtool, amtool, docker-compose config,
# the dashboards' type check, buf lint/breaking, a build of exactly what services/Dockerfile copies, and
# ./gradstream's class-data-sharing archive.
set -euo pipefail
cd "$(dirname "$0")/.."
bash .ci/dashboards.sh
bash .ci/browser.sh
bash .ci/contract.sh
bash .ci/cds.sh
# The image's jar, built from exactly the Dockerfile's copy set, is what the native compose stack runs.
image_jar="$(mktemp -d)/gradstream.jar"
GRADSTREAM_IMAGE_JAR_OUT="$image_jar" bash .ci/dockerfile-copyset.sh
GRADSTREAM_JAR="$image_jar" bash .ci/stack.sh
rm -rf "$(dirname "$image_jar")"
