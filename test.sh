#!/usr/bin/env bash
# Builds everything (warnings are errors) and runs every test.
set -euo pipefail
cd "$(dirname "$0")"
dotnet test AwsHarden.slnx --nologo "$@"
