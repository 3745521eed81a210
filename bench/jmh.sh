#!/usr/bin/env bash
# Runs a module's JMH benchmarks (they live in src/test/java/**/bench/ of the module).
#
#   bench/jmh.sh MODULE [JMH ARGS...]
#   bench/jmh.sh fec FecBenchmark -f 1 -wi 3 -w 1s -i 5 -r 1s
#   bench/jmh.sh wire-format EnvelopeBenchmark -prof gc
#
# JAVA_HOME selects the JDK (default: the one on PATH). Results are printed by JMH; add
# `-rf json -rff bench/results/NAME.json` to keep them.
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
module="${1:?usage: bench/jmh.sh MODULE [JMH ARGS...]}"
shift
cd "$here"
java_cmd="${JAVA_HOME:+$JAVA_HOME/bin/}java"
cp_file="$here/$module/target/jmh-classpath.txt"
mvn -B -q -pl "$module" -am -DskipTests install >/dev/null
mvn -B -q -pl "$module" test-compile dependency:build-classpath \
  -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >/dev/null
cp="$here/$module/target/test-classes:$here/$module/target/classes:$(cat "$cp_file")"
echo "# machine: $(nproc) cores, $(uname -sr), $("$java_cmd" -version 2>&1 | sed -n 1p)" >&2
exec "$java_cmd" -cp "$cp" org.openjdk.jmh.Main "$@"
