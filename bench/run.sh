#!/usr/bin/env bash
# bench/run.sh: the JMH benchmarks (bench/target/benchmarks.jar, main class dev.trader.bench.BenchMain) with the JVM
# flags our libraries need, for the JVM that runs them (JDK 24+ also gets the native-access flags).
#
#   bench/run.sh                          all benchmarks, quick: -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
#   bench/run.sh Codec -prof gc           any JMH arguments (include regex, -f, -wi, -i, -p sinks=journal, -rf json...)
#   bench/run.sh -l                       list the benchmarks
#   bench/run.sh alloc [events]           AllocationCheck: heap bytes per event per thread (pipeline and engine thread)
#
# Builds the jar with the Maven wrapper when it is missing (REBUILD=1 forces a rebuild). Scratch journals go to
# bench/target/bench-work and are deleted after each trial. Extra JVM options for the launching JVM: BENCH_JAVA_OPTS.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$ROOT/bench/target/benchmarks.jar"

JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
if ! command -v "$JAVA" >/dev/null 2>&1; then
  echo "bench: no java found; install a JDK 17 or newer (or set JAVA_HOME)" >&2
  exit 1
fi

if [ ! -f "$JAR" ] || [ "${REBUILD:-0}" = "1" ]; then
  echo "bench: building $JAR ..." >&2
  (cd "$ROOT" && ./mvnw -q -B -DskipTests -pl bench -am package) >&2
fi

# shellcheck source=../scripts/jvm-flags.sh
. "$ROOT/scripts/jvm-flags.sh"
trader_jvm_flags "$JAVA"
FLAGS=("${TRADER_JVM_FLAGS[@]}" -Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

if [ "${1:-}" = "alloc" ]; then
  shift
  exec "$JAVA" "${FLAGS[@]}" ${BENCH_JAVA_OPTS:-} -cp "$JAR" dev.trader.bench.AllocationCheck "$@"
fi
if [ "$#" -eq 0 ]; then
  set -- -f 1 -wi 3 -w 1s -i 5 -r 1s -prof gc
fi
exec "$JAVA" "${FLAGS[@]}" ${BENCH_JAVA_OPTS:-} -jar "$JAR" "$@"
