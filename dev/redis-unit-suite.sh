#!/usr/bin/env bash
# dev/redis-unit-suite.sh: runs units of Redis's own test suite (tests/unit and tests/integration of a Redis 7.0
# source tree, the ./runtest harness) with every server the harness starts being a Hashslot node. Nothing of
# Redis is kept in this repository: point the script at a Redis checkout (e.g. the `fetch github:redis/redis`
# mirror checked out at tag 7.0.15); it copies tests/ to a scratch directory and puts a `src/redis-server` there
# that starts the Hashslot jar with the config file the harness writes. redis-cli, redis-benchmark and the check
# tools are Debian's.
#
#   dev/redis-unit-suite.sh /path/to/redis-7.0.15 --single unit/cluster/links --single unit/geo
#   dev/redis-unit-suite.sh /path/to/redis-7.0.15 --single unit/type/list --clients 2
#
# The harness waits for "PID: <pid>" in a server's log, which Hashslot prints with always-show-logo (the
# harness sets it). Units that need what Hashslot lacks fail as expected (FUNCTION, streams, ACL, modules).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${1:?usage: dev/redis-unit-suite.sh /path/to/redis-source [runtest options]}"
shift
[ -f "$SRC/tests/test_helper.tcl" ] || { echo "no tests/test_helper.tcl under $SRC" >&2; exit 1; }
source "$ROOT/dev/redis-suite-work.sh"
redis_suite_work "$SRC" runtest redis-unit-suite
echo "running Redis's unit tests against Hashslot in $WORK"
cd "$WORK" && ./runtest "$@"
