#!/bin/sh
# Records the build context the plugin passes, for verify.groovy to check.
echo "build-env for $PAAS_ARTIFACT_ID $PAAS_VERSION ($PAAS_ENVIRONMENTS)"
mkdir -p "$PAAS_BUILD_DIR"
env | grep '^PAAS_' | sort > "$PAAS_BUILD_DIR/build-env.txt"
