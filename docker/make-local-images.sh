#!/usr/bin/env bash
# Makes the base images that the mjl images build FROM when no image registry is reachable, out of
# this machine's own files (nothing is downloaded):
#
#   mjl-node-base:local  the host's Node.js (/usr/bin/node) and npm, the shared libraries they load,
#                        /bin/sh (dash), /usr/bin/env, the host's CA bundle and global npmrc (npm in
#                        `docker build` trusts what npm on the host trusts), and a user `node`
#                        (uid 1000) as in the official node images. A stand-in for node:20-slim.
#   mjl-redis:local      that base plus Debian's redis-server (skipped when it is not installed).
#                        A stand-in for redis:7.
#
# Usage: docker/make-local-images.sh [--force]
# An image is kept when it was made from the same versions (its label mjl.made-from) unless --force.
# Then:  docker build --network host --build-arg BASE=mjl-node-base:local -t mjl:local .
set -euo pipefail

BASE_TAG=${MJL_BASE_IMAGE:-mjl-node-base:local}
REDIS_TAG=${MJL_REDIS_IMAGE:-mjl-redis:local}
force=false
[[ "${1:-}" == "--force" ]] && force=true

# Whether image $1 exists and was made from $2 (its mjl.made-from label).
have_image() {
  ! $force && [[ "$(docker image inspect -f '{{index .Config.Labels "mjl.made-from"}}' "$1" 2>/dev/null)" == "$2" ]]
}

# The path of $1 with its directories' symlinks resolved but its own name kept (the loader looks
# libraries up by that name): /lib/x86_64-linux-gnu/libc.so.6 -> /usr/lib/x86_64-linux-gnu/libc.so.6.
in_usr() { echo "$(readlink -f "$(dirname "$1")")/$(basename "$1")"; }

# Copies the shared libraries that executables load (ldd) into the root file system $1, at their
# paths under /usr.
copy_libraries() {
  local root=$1; shift
  local library
  ldd "$@" | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// && $1 !~ /:$/ { print $1 }' | sort -u | while read -r library; do
    library=$(in_usr "$library")
    [[ -e "$root$library" ]] || cp -L --parents "$library" "$root"
  done
}

# A merged-/usr skeleton like Debian's, so /lib64/ld-linux… and /lib/<triplet>/… land in /usr.
skeleton() {
  local root=$1
  mkdir -p "$root"/{usr/bin,usr/sbin,usr/lib,usr/lib64,etc,tmp,root,home/node}
  ln -s usr/bin "$root/bin"; ln -s usr/sbin "$root/sbin"; ln -s usr/lib "$root/lib"; ln -s usr/lib64 "$root/lib64"
  chmod 1777 "$root/tmp"; chmod 700 "$root/root"
  chown 1000:1000 "$root/home/node"
  printf 'root:x:0:0:root:/root:/bin/sh\nnode:x:1000:1000::/home/node:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\nnode:x:1000:\n' >"$root/etc/group"
  printf 'hosts: files dns\n' >"$root/etc/nsswitch.conf"
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

base_from="node $(node --version), npm $(npm --version)"
if have_image "$BASE_TAG" "$base_from"; then
  echo "$BASE_TAG: kept, made from $base_from (--force remakes it)"
else
  node=$(readlink -f "$(command -v node)")
  npm_root=$(dirname "$(dirname "$(readlink -f "$(command -v npm)")")") # …/node_modules/npm
  root=$work/base
  skeleton "$root"
  copy_libraries "$root" "$node" /usr/bin/dash /usr/bin/env
  cp "$node" "$root/usr/bin/node"
  cp /usr/bin/dash /usr/bin/env "$root/usr/bin/"
  ln -s dash "$root/usr/bin/sh"
  mkdir -p "$root/usr/lib/node_modules"
  cp -a "$npm_root" "$root/usr/lib/node_modules/npm"
  ln -s ../lib/node_modules/npm/bin/npm-cli.js "$root/usr/bin/npm"
  ln -s ../lib/node_modules/npm/bin/npx-cli.js "$root/usr/bin/npx"
  [[ -f /etc/ssl/certs/ca-certificates.crt ]] && cp -L --parents /etc/ssl/certs/ca-certificates.crt "$root"
  [[ -f /usr/etc/npmrc ]] && cp -L --parents /usr/etc/npmrc "$root"
  tar -C "$root" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/bin:/bin' \
    --change 'ENV NODE_VERSION='"$(node --version | tr -d v)" \
    --change 'CMD ["node"]' \
    --change "LABEL mjl.made-from=\"$base_from\"" \
    - "$BASE_TAG" >/dev/null
  echo "$BASE_TAG: $(docker run --rm "$BASE_TAG" node --version), npm $(docker run --rm "$BASE_TAG" npm --version)"
fi

if ! command -v redis-server >/dev/null; then
  echo "redis-server is not installed: $REDIS_TAG not made (apt-get install redis-server)"
elif redis_from="$(redis-server --version | grep -o 'v=[^ ]*') on $base_from" && have_image "$REDIS_TAG" "$redis_from"; then
  echo "$REDIS_TAG: kept, made from $redis_from (--force remakes it)"
else
  root=$work/redis
  redis=$(readlink -f "$(command -v redis-server)") # redis-check-rdb: one binary, its mode by argv[0]
  mkdir -p "$root/usr/bin"
  copy_libraries "$root" "$redis"
  cp "$redis" "$root/usr/bin/redis-server"
  docker build -q -t "$REDIS_TAG" -f - "$root" >/dev/null <<DOCKERFILE
FROM $BASE_TAG
COPY usr /usr
LABEL mjl.made-from="$redis_from"
USER node
WORKDIR /data
EXPOSE 6379
CMD ["redis-server", "--protected-mode", "no", "--save", "", "--appendonly", "no"]
DOCKERFILE
  echo "$REDIS_TAG: $(docker run --rm "$REDIS_TAG" redis-server --version)"
fi
