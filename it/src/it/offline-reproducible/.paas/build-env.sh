#!/bin/sh
# Keeps the previous build's images.json so verify.groovy can compare digests.
if [ -f "$PAAS_BUILD_DIR/paas/images.json" ]; then cp "$PAAS_BUILD_DIR/paas/images.json" "$PAAS_PROJECT_DIR/previous-images.json"; fi
