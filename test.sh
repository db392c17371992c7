#!/usr/bin/env bash
# Checks the house style (line width, TODO form), then builds everything (warnings are errors) and runs every
# test: unit tests and end-to-end tests against the fake AWS endpoint on 127.0.0.1.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/check-style.sh
dotnet test AwsHarden.slnx --nologo "$@"
