#!/bin/bash
# plmlab/s3proxy: an S3 endpoint (S3Proxy, filesystem backend, AWS v4 signatures), the same jar
# and settings as the testkit's S3ProxyProcess. Settings:
#   S3PROXY_PORT        port (default 9000)
#   S3PROXY_LISTEN_HOST address it binds (default 0.0.0.0)
#   S3_ACCESS_KEY, S3_SECRET_KEY  the credentials clients sign with (required)
#   S3_BUCKETS          buckets to create at start, space-separated (default: plmlab)
#   S3PROXY_DATA_DIR    a writable folder for the objects (default /tmp/s3): one folder per bucket
set -euo pipefail

port="${S3PROXY_PORT:-9000}"
listen="${S3PROXY_LISTEN_HOST:-0.0.0.0}"
data="${S3PROXY_DATA_DIR:-/tmp/s3}"
: "${S3_ACCESS_KEY:?plmlab/s3proxy: set S3_ACCESS_KEY}"
: "${S3_SECRET_KEY:?plmlab/s3proxy: set S3_SECRET_KEY}"

for bucket in ${S3_BUCKETS:-plmlab}; do
  mkdir -p "$data/$bucket" || { echo "plmlab/s3proxy: cannot create $data/$bucket (mount a writable folder there)" >&2; exit 1; }
done
properties="$data/../s3proxy.properties"
[[ -w "$(dirname "$properties")" ]] || properties="$data/.s3proxy.properties"
cat >"$properties" <<PROPERTIES
s3proxy.endpoint=http://$listen:$port
s3proxy.authorization=aws-v4
s3proxy.identity=$S3_ACCESS_KEY
s3proxy.credential=$S3_SECRET_KEY
jclouds.provider=filesystem
jclouds.filesystem.basedir=$data
jclouds.identity=$S3_ACCESS_KEY
jclouds.credential=$S3_SECRET_KEY
PROPERTIES
echo "plmlab/s3proxy: S3 on $listen:$port, buckets ${S3_BUCKETS:-plmlab}, data in $data"
# shellcheck disable=SC2086  # JAVA_OPTS_APPEND is a list of flags
exec java $JAVA_OPTS_APPEND -jar /opt/plmlab/lib/s3proxy.jar --properties "$properties"
