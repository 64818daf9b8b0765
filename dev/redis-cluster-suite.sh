#!/usr/bin/env bash
# dev/redis-cluster-suite.sh: runs Redis's own cluster test suite (tests/cluster of a Redis 7.0 source tree)
# against Hashslot nodes. Nothing of Redis is kept in this repository: point the script at a Redis checkout
# (e.g. the `fetch github:redis/redis` mirror checked out at tag 7.0.15), it copies its tests/ to a scratch
# directory and puts a `src/redis-server` there that starts the Hashslot jar with the config file the suite writes.
# redis-cli (used by some units for --cluster commands) is Debian's.
#
#   dev/redis-cluster-suite.sh /path/to/redis-7.0.15                     (every unit; ~25 min on 2 cores)
#   dev/redis-cluster-suite.sh /path/to/redis-7.0.15 --single 02-failover --single 10-manual-failover
#
# The suite starts 20 nodes (20 JVMs, ~3 GB of RAM in all) on ports from 30000 up. Units that need what
# Hashslot lacks fail as expected: FUNCTION (00-base "Function no-cluster flag"), streams (16, XREAD), the
# async loading of a replica during a full sync (17). The last full run (on 110f958) failed those 3 tests only.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SRC="${1:?usage: dev/redis-cluster-suite.sh /path/to/redis-source [runtest-cluster options]}"
shift
[ -f "$SRC/tests/cluster/run.tcl" ] || { echo "no tests/cluster/run.tcl under $SRC" >&2; exit 1; }
source "$ROOT/dev/redis-suite-work.sh"
redis_suite_work "$SRC" runtest-cluster redis-cluster-suite
echo "running Redis's tests/cluster against Hashslot in $WORK"
cd "$WORK" && ./runtest-cluster "$@"
