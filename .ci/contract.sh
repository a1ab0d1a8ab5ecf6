#!/usr/bin/env bash
# Contract checks of the v1 event schemas (proto/README.md, "Keeping v1 compatible"):
#   1. buf lint on proto/ (Buf's STANDARD rules, configured in proto/buf.yaml);
#   2. buf breaking of the working tree against the v1 baseline commit and against every later commit
#      that changed the schemas, so that no field or message ever committed to v1 can be broken.
# Installs the pinned buf from npm into ~/.cache/gradstream/npm when missing. Exits non-zero on any finding.
# Needs the git history back to the baseline (a full `git clone`; a shallow clone is refused with a hint).
set -euo pipefail
cd "$(dirname "$0")/.."

BUF_VERSION=1.75.0
# The first commit holding the final v1 schemas (every payload of Event, including the sweep events and
# TensorComparison.scaled_diff). Never move it forward: it is the contract consumers were promised.
BASELINE=7221536cd5d09b7623fb8e6c5b438c157c5ee049
SCHEMAS=proto/src/main/proto

cache="${GRADSTREAM_NPM_CACHE:-$HOME/.cache/gradstream/npm}"
buf="$cache/node_modules/.bin/buf"
if [ ! -x "$buf" ] || [ "$("$buf" --version 2>/dev/null)" != "$BUF_VERSION" ]; then
  echo "contract: installing @bufbuild/buf $BUF_VERSION into $cache"
  mkdir -p "$cache"
  npm install --prefix "$cache" --no-audit --no-fund --loglevel=error "@bufbuild/buf@$BUF_VERSION" >/dev/null
fi
echo "contract: buf $("$buf" --version)"

failed=0

echo "contract: buf lint proto"
if "$buf" lint proto; then
  echo "contract:   lint ok"
else
  echo "contract:   LINT FAILED"
  failed=1
fi

if ! git cat-file -e "$BASELINE^{commit}" 2>/dev/null; then
  echo "contract: baseline commit $BASELINE is not in this clone (shallow?); run 'git fetch --unshallow'" >&2
  exit 1
fi

# The baseline, every later commit that touched the schemas, and HEAD (uncommitted edits), oldest first.
refs=$( { echo "$BASELINE"; git rev-list --reverse "$BASELINE..HEAD" -- "$SCHEMAS"; git rev-parse HEAD; } \
  | awk '!seen[$0]++')

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for ref in $refs; do
  against="$work/$ref"
  mkdir -p "$against"
  git archive "$ref" "$SCHEMAS" | tar -x -C "$against"
  # Same module layout on both sides (the baseline predates proto/buf.yaml); the rules come from the input.
  cp proto/buf.yaml "$against/proto/buf.yaml"
  echo "contract: buf breaking proto --against $(git log -1 --format='%h (%ad, %s)' --date=short "$ref" | cut -c1-90)"
  if "$buf" breaking proto --against "$against/proto"; then
    echo "contract:   no breaking change"
  else
    echo "contract:   BREAKING CHANGE against $ref"
    failed=1
  fi
done

if [ "$failed" -ne 0 ]; then
  echo "contract: FAILED (see proto/README.md: a v1 message may gain fields; it may not change or lose them)" >&2
  exit 1
fi
echo "contract: ok"
