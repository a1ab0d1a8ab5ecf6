#!/usr/bin/env bash
# Checks services/Dockerfile's copy set without Docker: copies what the build stage's COPY lines copy (as
# Docker would from the repository root as build context, .dockerignore applied) into a fresh directory,
# runs the stage's Maven step there with this machine's ~/.m2, and requires the jar the image takes.
# A module the root pom lists but the Dockerfile does not copy fails here as it would in `docker build`.
set -euo pipefail
cd "$(dirname "$0")/.."
started=$SECONDS
dockerfile=services/Dockerfile
work="$(mktemp -d "${TMPDIR:-/tmp}/gradstream-copyset.XXXXXX")"
trap 'status=$?; rm -rf "$work"; echo "dockerfile-copyset: $([ $status -eq 0 ] && echo passed || echo FAILED) in $((SECONDS - started)) s"' EXIT
context="$work/src"   # stands for the build stage's WORKDIR

# Copies the COPY sources into $context and writes the Maven step ($work/step) and the paths its `cp`
# takes from the build ($work/outputs).
python3 - "$dockerfile" "$context" "$work" <<'PY'
import glob, json, os, re, shlex, shutil, sys

dockerfile, context, work = sys.argv[1:]
os.makedirs(context)

def instructions(path):
    """(keyword, arguments) of each instruction, continuation lines joined, comments dropped."""
    out, current = [], ""
    for line in open(path):
        stripped = line.strip()
        if not current and (not stripped or stripped.startswith("#")):
            continue
        if stripped.startswith("#"):
            continue
        if stripped.endswith("\\"):
            current += stripped[:-1] + " "
            continue
        current += stripped
        keyword, _, args = current.partition(" ")
        out.append((keyword.upper(), args.strip()))
        current = ""
    return out

def ignore_rules(path):
    """.dockerignore as (regex, excluded) in file order; the last rule that matches a path wins."""
    rules = []
    if not os.path.exists(path):
        return rules
    for line in open(path):
        p = line.strip()
        if not p or p.startswith("#"):
            continue
        excluded = not p.startswith("!")
        p = os.path.normpath(p.lstrip("!").strip()).lstrip("/")
        rx, i = "", 0
        while i < len(p):
            if p.startswith("**/", i):
                rx, i = rx + "(?:.*/)?", i + 3
            elif p.startswith("**", i):
                rx, i = rx + ".*", i + 2
            elif p[i] == "*":
                rx, i = rx + "[^/]*", i + 1
            elif p[i] == "?":
                rx, i = rx + "[^/]", i + 1
            else:
                rx, i = rx + re.escape(p[i]), i + 1
        rules.append((re.compile(rx + "$"), excluded))
    return rules

RULES = ignore_rules(".dockerignore")

def ignored(rel):
    """Docker leaves a path out of the context when it, or a directory above it, matches an exclusion."""
    parts = rel.split("/")
    for n in range(1, len(parts) + 1):
        prefix = "/".join(parts[:n])
        verdict = None
        for rx, excluded in RULES:
            if rx.match(prefix):
                verdict = excluded
        if verdict:
            return True
    return False

def copy_file(src, dst):
    os.makedirs(os.path.dirname(dst), exist_ok=True)
    shutil.copy2(src, dst, follow_symlinks=False)

def copy(src, dst):
    """COPY semantics: a directory's contents go into dst; a file goes to dst (or into it, if dst is a dir)."""
    if os.path.isdir(src):
        for root, dirs, files in os.walk(src):
            rel_root = os.path.relpath(root, src)
            dirs[:] = [d for d in dirs if not ignored(os.path.normpath(os.path.join(root, d)))]
            for f in files:
                if not ignored(os.path.normpath(os.path.join(root, f))):
                    copy_file(os.path.join(root, f), os.path.normpath(os.path.join(dst, rel_root, f)))
    elif not ignored(os.path.normpath(src)):
        copy_file(src, dst)

stage, workdir, step, outputs = 0, "/", None, []
for keyword, args in instructions(dockerfile):
    if keyword == "FROM":
        stage += 1
        if stage > 1:
            break          # the build stage is the first one; later stages only take its jar
        continue
    if keyword == "WORKDIR":
        workdir = os.path.join(workdir, args)
    elif keyword in ("COPY", "ADD"):
        words = json.loads(args) if args.startswith("[") else shlex.split(args)
        if any(w.startswith("--from") for w in words):
            continue
        words = [w for w in words if not w.startswith("--")]
        sources, dest = words[:-1], words[-1]
        target = os.path.normpath(os.path.join(workdir, dest))
        if os.path.relpath(target, workdir).startswith(".."):
            sys.exit(f"{dockerfile}: COPY to {dest} leaves WORKDIR {workdir}; this check cannot follow it")
        target = os.path.join(context, os.path.relpath(target, workdir))
        paths = [p for s in sources for p in sorted(glob.glob(s)) or [s]]
        for p in paths:
            if not os.path.exists(p):
                sys.exit(f"{dockerfile}: COPY source {p} does not exist in the repository")
            into_dir = dest.endswith("/") or len(paths) > 1
            copy(p, os.path.join(target, os.path.basename(os.path.normpath(p))) if into_dir and not os.path.isdir(p) else target)
        print(f"COPY {' '.join(sources)} -> {os.path.relpath(target, context) or '.'}")
    elif keyword == "RUN" and "mvnw" in args:
        command = re.sub(r"--mount=\S+\s*", "", args)
        for part in (c.strip() for c in command.split("&&")):
            if "mvnw" in part:
                step = part
            elif part.startswith("cp "):
                outputs.append(shlex.split(part)[1])

if not step:
    sys.exit(f"{dockerfile}: no RUN with ./mvnw in the build stage")
open(os.path.join(work, "step"), "w").write(step)
open(os.path.join(work, "outputs"), "w").write("".join(o + "\n" for o in outputs or ["services/launcher/target/gradstream.jar"]))
PY

step="$(cat "$work/step")"
echo "== $step   (in $context: $(find "$context" -type f | wc -l) files, as services/Dockerfile copies them)"
(cd "$context" && bash -c "$step")
while read -r output || [ -n "$output" ]; do
  if [ ! -f "$context/$output" ]; then
    echo "the Dockerfile's Maven step did not produce $output" >&2
    exit 1
  fi
  echo "built $output ($(du -h "$context/$output" | cut -f1))"
done < "$work/outputs"
echo "services/Dockerfile's copy set builds the image's jar"
# Hand the image's jar on (e.g. to .ci/stack.sh, which then runs exactly what the image would).
if [ -n "${GRADSTREAM_IMAGE_JAR_OUT:-}" ]; then
  mkdir -p "$(dirname "$GRADSTREAM_IMAGE_JAR_OUT")"
  cp "$context/$(head -n 1 "$work/outputs")" "$GRADSTREAM_IMAGE_JAR_OUT"
  echo "image jar: $GRADSTREAM_IMAGE_JAR_OUT"
fi
