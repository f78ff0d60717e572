#!/bin/sh
# Runs on the build host before compilation (paas:build-env), with the build's context in PAAS_*.
echo "preparing $PAAS_ARTIFACT_ID $PAAS_VERSION for: $PAAS_ENVIRONMENTS"
