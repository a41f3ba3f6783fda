#!/usr/bin/env bash
# Smoke test of docker-compose.yml: brings the stack up on the images already built (mjl:local and
# the Redis image), checks that `docker-compose run --rm cli devices -o json` lists the 12 devices of
# the 3 simulated sites, all online, and that the aggregator publishes quorum decisions, then takes
# the stack down. Needs a running Docker engine, docker-compose (v1 or v2) and node.
#
#   MJL_REDIS_IMAGE=mjl-redis:local deploy/compose-smoke.sh
#
# The stack runs as its own compose project (mjl-smoke) on free host ports, so it does not collide
# with a stack or a broker already running on this machine.
set -euo pipefail
cd "$(dirname "$0")/.."

if docker-compose version >/dev/null 2>&1; then compose=(docker-compose); else compose=(docker compose); fi
compose+=(-p "${MJL_SMOKE_PROJECT:-mjl-smoke}")
free_port() { node -e "const s = require('node:net').createServer().listen(0, '127.0.0.1', () => { console.log(s.address().port); s.close(); })"; }
export MJL_PORT=${MJL_PORT:-$(free_port)} MJL_WS_PORT=${MJL_WS_PORT:-$(free_port)}
now() { date +%s.%N; }
took() { printf '%.1fs' "$(echo "$(now) - $1" | bc)"; }

finish() {
  local status=$?
  if [[ $status -ne 0 ]]; then
    echo "compose smoke: FAILED; the services' last log lines:" >&2
    "${compose[@]}" logs --no-color --tail 30 >&2 || true
  fi
  "${compose[@]}" down -v --remove-orphans >/dev/null 2>&1 || true
  exit $status
}
trap finish EXIT

started=$(now)
"${compose[@]}" up -d --no-build
echo "compose smoke: up in $(took "$started") (broker on 127.0.0.1:$MJL_PORT)"

# The gateways announce their devices within a second or two of the broker being healthy; a fresh
# container per CLI run takes a few seconds more on a busy machine.
started=$(now)
expected=12
for attempt in $(seq 1 20); do
  json=$("${compose[@]}" run --rm -T cli devices -o json)
  summary=$(node -e '
    const rows = JSON.parse(process.argv[1]);
    const online = rows.filter((row) => row.status === "online");
    const sites = [...new Set(online.map((row) => row.site))].sort().join(",");
    console.log(`${online.length} ${rows.length} ${sites}`);
  ' "$json")
  read -r online total sites <<<"$summary"
  [[ $online -ge $expected ]] && break
  sleep 1
done
echo "compose smoke: cli devices -o json: $online online of $total (sites $sites) after $(took "$started"), $attempt run(s)"
if [[ $online -ne $expected || $total -ne $expected || $sites != "attic,garage,kitchen" ]]; then
  echo "compose smoke: expected $expected online devices at attic, garage and kitchen; got:" >&2
  echo "$json" >&2
  exit 1
fi

started=$(now)
decisions=$("${compose[@]}" run --rm -T cli sub 'mjl/v1/quorum/AudioClassifier' -n 5)
if [[ $(grep -c '"type":"QuorumDecision"' <<<"$decisions") -ne 5 ]]; then
  echo "compose smoke: expected 5 quorum decisions from the aggregator; got:" >&2
  echo "$decisions" >&2
  exit 1
fi
echo "compose smoke: 5 quorum decisions for AudioClassifier in $(took "$started")"

# The same fleet from the host, through the published port, with the host's own mjl.
if [[ -f apps/cli/dist/main.js ]]; then
  node apps/cli/bin/mjl.js devices --broker "mqtt://127.0.0.1:$MJL_PORT"
fi

started=$(now)
"${compose[@]}" down -v --remove-orphans
echo "compose smoke: down in $(took "$started")"
echo "compose smoke: passed"
