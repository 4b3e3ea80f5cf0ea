#!/bin/bash
# plmlab/kserve: the testkit's KServe v2 server over ONNX Runtime, the stand-in for Triton.
# The arguments are KServeServerMain's: --port, --host, --repository DIR or --s3-endpoint URL
# --s3-bucket B --s3-prefix P (credentials in PLMLAB_S3_ACCESS_KEY / PLMLAB_S3_SECRET_KEY),
# --model-control-mode none|explicit. ONNX Runtime unpacks its native library under /tmp, which
# must be writable and allow exec.
set -euo pipefail
# shellcheck disable=SC2086  # JAVA_OPTS_APPEND is a list of flags
exec java $JAVA_OPTS_APPEND -cp "/opt/plmlab/lib/*" dev.plmlab.testkit.KServeServerMain "$@"
