#!/bin/sh
# The container image's steps, called by the Dockerfile and kept here so that they run, and are tested
# (tests/unit/scripts/package.test.ts), without a docker daemon.
#   container.sh build DEST  from a clone with its dev dependencies: pack the package (its prepack builds
#                            it) and install it into DEST with its production dependency only
#   container.sh start [ARG…] serve as the image does: 0.0.0.0:${PORT:-3000}, the store in /data
#   container.sh health      exit 0 when /healthz answers 200 (the image's HEALTHCHECK)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
command=${1:-}
[ $# -gt 0 ] && shift
case "$command" in
  build)
    dest=${1:?usage: container.sh build DEST}
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    (cd "$here/.." && npm pack --pack-destination "$work" --silent >/dev/null)
    npm install --global --prefix "$dest" --omit=dev --no-audit --no-fund --no-update-notifier "$work"/auditlens-*.tgz
    ;;
  start)
    # Beyond loopback, so a sign-in method is required (AUDITLENS_ACCESS_TOKEN, …): serve refuses without one.
    export HOST="${HOST:-0.0.0.0}"
    export AUDITLENS_DB="${AUDITLENS_DB:-/data/auditlens.db}"
    export NEXT_TELEMETRY_DISABLED="${NEXT_TELEMETRY_DISABLED:-1}"
    exec node "$here/auditlens.mjs" serve "$@"
    ;;
  health)
    exec node -e 'fetch(`http://127.0.0.1:${process.env.PORT || 3000}/healthz`, { signal: AbortSignal.timeout(5000) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))'
    ;;
  *)
    echo "usage: container.sh build DEST | start [ARG…] | health" >&2
    exit 2
    ;;
esac
