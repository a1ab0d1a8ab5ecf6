#!/usr/bin/env bash
# Static checks of dashboards/ and docker-compose.yml (no Grafana server or Docker engine needed):
#   promtool check config / check rules / test rules, amtool check-config, docker-compose config -q, the
#   Kafka image tag against pom.xml's kafka.version, and a TypeScript type-check of every dashboard JSON
#   against Grafana's own Dashboard type from @grafana/schema, plus the dashboards' own conventions.
# Installs prometheus, prometheus-alertmanager, docker-compose (apt) and the npm packages when missing.
# Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."

GRAFANA_SCHEMA_VERSION=13.2.3   # same version as the grafana/grafana image in docker-compose.yml
TYPESCRIPT_VERSION=5.9.3
TS_DIR="${GRADSTREAM_TS_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/gradstream-dashboards-ts}"

step() { printf '\n== %s\n' "$*"; }

need_apt=()
command -v promtool >/dev/null || need_apt+=(prometheus)
command -v amtool >/dev/null || need_apt+=(prometheus-alertmanager)
command -v docker-compose >/dev/null || need_apt+=(docker-compose)
command -v npm >/dev/null || need_apt+=(npm)
if [ ${#need_apt[@]} -gt 0 ]; then
  step "installing ${need_apt[*]} (apt)"
  sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -q
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -q --no-install-recommends "${need_apt[@]}"
fi

step "promtool check config"
promtool check config dashboards/prometheus/prometheus.yml
step "promtool check rules"
promtool check rules dashboards/prometheus/rules/*.yml
step "promtool test rules"
promtool test rules dashboards/prometheus/tests/*.yml
step "amtool check-config"
amtool check-config dashboards/alertmanager/alertmanager.yml

step "Kafka image tag = pom.xml kafka.version"
# The compose broker must run the version the project's clients and in-process broker are built against.
pom_kafka="$(sed -n 's:.*<kafka.version>\([^<]*\)</kafka.version>.*:\1:p' pom.xml | head -n 1)"
compose_kafka="$(sed -n 's/^[[:space:]]*image:[[:space:]]*apache\/kafka:\([^[:space:]#]*\).*/\1/p' docker-compose.yml | head -n 1)"
if [ -z "$pom_kafka" ] || [ -z "$compose_kafka" ] || [ "$pom_kafka" != "$compose_kafka" ]; then
  echo "docker-compose.yml runs apache/kafka:${compose_kafka:-?} but pom.xml's kafka.version is ${pom_kafka:-?}" >&2
  exit 1
fi
echo "apache/kafka:$compose_kafka = kafka.version $pom_kafka"

step "docker-compose config -q"
GRAFANA_ADMIN_PASSWORD=ci-dummy docker-compose -f docker-compose.yml config -q
if env -u GRAFANA_ADMIN_PASSWORD docker-compose -f docker-compose.yml config -q 2>/dev/null; then
  echo "docker-compose.yml must refuse to run without GRAFANA_ADMIN_PASSWORD (no default password)" >&2
  exit 1
fi
echo "docker-compose.yml: valid; refuses to run without GRAFANA_ADMIN_PASSWORD"

step "dashboards against @grafana/schema ${GRAFANA_SCHEMA_VERSION} (TypeScript ${TYPESCRIPT_VERSION})"
mkdir -p "$TS_DIR"
if [ "$(cat "$TS_DIR/.installed" 2>/dev/null)" != "$GRAFANA_SCHEMA_VERSION $TYPESCRIPT_VERSION" ]; then
  echo '{"private": true}' > "$TS_DIR/package.json"
  (cd "$TS_DIR" && npm install --no-audit --no-fund --silent --save-exact \
      "@grafana/schema@${GRAFANA_SCHEMA_VERSION}" "typescript@${TYPESCRIPT_VERSION}")
  echo "$GRAFANA_SCHEMA_VERSION $TYPESCRIPT_VERSION" > "$TS_DIR/.installed"
fi
# Each dashboard becomes `const d: AsJson<GradstreamDashboard> = <the JSON>;`. An object literal is checked
# with its literal types and excess-property checks (a JSON module import would widen "query" to string and
# miss typos). AsJson turns Grafana's string enums (MappingType etc.) into their wire values ("value", ...),
# which is all JSON can hold. GradstreamDashboard is Grafana's own Dashboard type except that an annotation
# may also be a Prometheus one, whose fields @grafana/schema leaves to the plugin (see prom-annotation.ts).
gen="$TS_DIR/check"
rm -rf "$gen" && mkdir -p "$gen"
shopt -s nullglob
dashboards=(dashboards/grafana/dashboards/*.json)
[ ${#dashboards[@]} -gt 0 ] || { echo "no dashboard JSON under dashboards/grafana/dashboards" >&2; exit 1; }
for f in "${dashboards[@]}"; do
  name="$(basename "$f" .json)"
  { echo "import type { AsJson } from './as-json';"
    echo "import type { GradstreamDashboard } from './prom-annotation';"
    printf '// from %s\nexport const dashboard: AsJson<GradstreamDashboard> = ' "$f"
    cat "$f"
    echo ';'
  } > "$gen/$name.ts"
done
cat > "$gen/as-json.ts" <<'TS'
export type AsJson<T> =
  T extends string ? `${T}`
  : T extends number | boolean | null | undefined ? T
  : T extends Array<infer U> ? Array<AsJson<U>>
  : T extends object ? { [K in keyof T]: AsJson<T[K]> }
  : T;
TS
cat > "$gen/prom-annotation.ts" <<'TS'
import type { AnnotationQuery, Dashboard, DataQuery } from '@grafana/schema';
// A Prometheus annotation query as the Prometheus data source reads it (grafana-prometheus annotations.ts):
// the PromQL in target.expr (target.interval = the editor's "Min step"), and the options processEvents
// uses from the annotation itself. @grafana/schema types target as a bare DataQuery and has none of these.
export type PromAnnotationQuery = Omit<AnnotationQuery, 'target'> & {
  target: DataQuery & { expr: string; interval?: string };
  titleFormat?: string;
  textFormat?: string;
  tagKeys?: string;
  useValueForTime?: boolean;
};
export type GradstreamDashboard = Omit<Dashboard, 'annotations'> & {
  annotations?: { list?: Array<AnnotationQuery | PromAnnotationQuery> };
};
TS
cat > "$gen/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "strict": true, "noEmit": true, "target": "ES2022", "module": "ESNext",
    "moduleResolution": "Bundler", "resolveJsonModule": true, "skipLibCheck": true,
    "typeRoots": [], "baseUrl": ".", "paths": {"@grafana/schema": ["$TS_DIR/node_modules/@grafana/schema"]}
  },
  "include": ["*.ts"]
}
JSON
"$TS_DIR/node_modules/.bin/tsc" -p "$gen/tsconfig.json"
echo "${#dashboards[@]} dashboards type-check against Dashboard from @grafana/schema: ${dashboards[*]}"

step "dashboard conventions"
python3 - "${dashboards[@]}" <<'PY'
import json, re, sys
DS = {"type": "prometheus", "uid": "gradstream-prometheus"}
# The only variables DashboardQueriesTest substitutes when it runs every query against a real Prometheus.
KNOWN = {"run", "backend", "task", "split", "sweep", "__rate_interval", "__interval", "__interval_ms",
         "__range", "__range_s", "__range_ms"}
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?}|\$(\w+)")
uids, bad = set(), []

def check_expr(where, expr):
    if not isinstance(expr, str) or not expr.strip():
        bad.append(f"{where}: empty expr")
        return
    for m in VARIABLE.finditer(expr):
        if (m.group(1) or m.group(2)) not in KNOWN:
            bad.append(f"{where}: variable ${m.group(1) or m.group(2)} is not one DashboardQueriesTest substitutes")

for path in sys.argv[1:]:
    d = json.load(open(path))
    if not d.get("uid") or d["uid"] in uids: bad.append(f"{path}: missing or duplicate uid")
    uids.add(d.get("uid"))
    names = {v["name"] for v in d.get("templating", {}).get("list", [])}
    if not {"run", "backend", "task"} <= names: bad.append(f"{path}: variables run, backend, task required, has {sorted(names)}")
    panels = []
    for p in d.get("panels", []):
        panels += p.get("panels", []) if p["type"] == "row" else [p]
    for p in panels:
        where = f"{path}: panel '{p.get('title')}'"
        for t in p.get("targets", []) + [p]:
            ds = t.get("datasource")
            if ds != DS:
                bad.append(f"{where} datasource {ds}")
        if not p.get("targets"): bad.append(f"{where} has no query")
        for t in p.get("targets", []):
            check_expr(f"{where} {t.get('refId')}", t.get("expr"))
    for a in d.get("annotations", {}).get("list", []):
        if a.get("builtIn"): continue
        where = f"{path}: annotation '{a.get('name')}'"
        if a.get("datasource") != DS or a.get("target", {}).get("datasource", DS) != DS:
            bad.append(f"{where} datasource {a.get('datasource')}")
        check_expr(where, a.get("target", {}).get("expr"))
print("\n".join(bad) if bad else f"{len(sys.argv) - 1} dashboards: stable uids, datasource gradstream-prometheus on "
      "every panel, target and annotation, variables run/backend/task, every expr non-empty and using only "
      "the variables DashboardQueriesTest substitutes")
sys.exit(1 if bad else 0)
PY
step "all dashboard checks passed"
