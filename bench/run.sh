#!/usr/bin/env bash
# The benchmark as pom.xml's bench profile runs it (./mvnw -Pbench verify): the harness with its default figures.
# Run it directly for options: java bench/Benchmark.java --help
set -euo pipefail
cd "$(dirname "$0")/.."
exec java bench/Benchmark.java "$@"
