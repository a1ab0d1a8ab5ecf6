#!/usr/bin/env bash
# ./gradstream's class-data-sharing archive: a first `train` of this build writes it, a later command maps
# its classes from it (the JVM logs them as loaded from the "shared objects file (top)", i.e. the dynamic
# archive), `--help` writes none, and GRADSTREAM_CDS=off runs without one. Uses a private cache folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="$(mktemp -d)"
trap 'rm -rf "$dir"' EXIT
export GRADSTREAM_CDS_CACHE="$dir/cds"
fail() { echo "cds check: $*" >&2; exit 1; }
./gradstream train --help >/dev/null
[ -z "$(ls -A "$GRADSTREAM_CDS_CACHE" 2>/dev/null)" ] || fail "train --help wrote an archive: $(ls "$GRADSTREAM_CDS_CACHE")"
./gradstream train --task classify --epochs 1 --quiet --runs-dir "$dir/runs" --metrics-port 0 >"$dir/train.log" 2>&1 \
  || { cat "$dir/train.log" >&2; fail "the first train failed"; }
archives=("$GRADSTREAM_CDS_CACHE"/gradstream-*.jsa)
[ ${#archives[@]} -eq 1 ] && [ -s "${archives[0]}" ] || fail "expected one archive after the first train, found: $(ls -A "$GRADSTREAM_CDS_CACHE")"
loaded() { # the gradstream classes a --version run loaded from the dynamic archive
  JAVA_TOOL_OPTIONS="-Xlog:class+load=info:file=$dir/classes.log" ./gradstream --version >/dev/null 2>&1
  grep -c 'dev\.gradstream\..*source: shared objects file (top)' "$dir/classes.log" || true
}
shared="$(loaded)"
[ "$shared" -gt 0 ] || fail "a run after the first train loaded no gradstream class from ${archives[0]}"
off="$(GRADSTREAM_CDS=off loaded)"
[ "$off" -eq 0 ] || fail "GRADSTREAM_CDS=off still loaded $off classes from the archive"
echo "cds check: $(du -h "${archives[0]}" | cut -f1) archive; --version loaded $shared gradstream classes from it, none with GRADSTREAM_CDS=off"
