# One image with all four parts of mjl (mjl-broker, mjl-gateway, mjl-aggregator, mjl); a container
# runs one of them, e.g. `docker run mjl:local mjl-broker --host 0.0.0.0`.
#
#   docker build -t mjl:local .                                         # FROM node:20-slim
#   docker build --network host --build-arg BASE=mjl-node-base:local -t mjl:local .
#                                       # offline: a base made from this machine's Node.js by
#                                       # docker/make-local-images.sh (see docs/deploy-pi.md)
#
# The native modules of the BLE, GPIO and serial drivers (optional dependencies of libs/drivers) are
# left out: this image runs the broker, the aggregator, the CLI and simulated gateways. A gateway
# with real hardware runs on the host (docs/deploy-pi.md).
ARG BASE=node:20-slim

# What installing the dependencies reads (the manifests, the lockfile, the apps' bin/, the patches
# of scripts/patch-*.mjs), apart: the dependency layers below are keyed on exactly these files, so
# a source change does not re-run npm ci.
FROM ${BASE} AS manifests
COPY . /src
RUN ["node", "/src/docker/keep-manifests.mjs", "/src"]

# The production dependencies: only the libs and apps workspaces (not the end-to-end tests' or the
# benchmarks'), no optional native modules, no install scripts (classic-level ships prebuilt
# binaries). The root's prepare script cannot run here (its tsc is a development dependency), so
# its patches of node_modules (scripts/patch-*.mjs, e.g. aedes' QoS 1 acknowledgement) run alone.
FROM ${BASE} AS deps
ENV NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /src
COPY --from=manifests /src /src
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=dev --omit=optional --workspace libs --workspace apps \
 && for patch in scripts/patch-*.mjs; do if [ -e "$patch" ]; then node "$patch"; fi; done

# The build: the same workspaces with their development dependencies and the root's TypeScript
# (most packages come from the deps stage's npm cache), then tsc -b.
FROM deps AS build
RUN npm ci --no-audit --no-fund --ignore-scripts --omit=optional --prefer-offline --workspace libs --workspace apps --include-workspace-root
COPY tsconfig.json tsconfig.base.json ./
COPY libs libs
COPY apps apps
COPY docker/assemble.mjs docker/
RUN node node_modules/typescript/bin/tsc -b tsconfig.json \
 && node docker/assemble.mjs /src /out \
 && node -e "require('node:fs').mkdirSync('/data')"

FROM ${BASE}
ENV NODE_ENV=production \
    PATH=/app/node_modules/.bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
COPY --from=deps /src /app
COPY --from=build /out /app
# The working directory is where the broker and the aggregator keep their data (.mjl-data/) and
# the CLI writes inspections/: mount a volume here to keep them.
COPY --from=build --chown=1000:1000 /data /data
WORKDIR /data
USER 1000:1000
EXPOSE 1883 8080 9464
CMD ["mjl", "--help"]
