# syntax=docker/dockerfile:1
# The newsletter service as an image. The build context is the repository root (the workspace packages are
# TypeScript sources, bundled with the service in the build stage):
#   docker build -f infra/docker/newsletter.Dockerfile -t parlor-newsletter .
# or `docker compose up --build` with infra/docker/compose.yaml. BuildKit (Docker's default builder) reads
# newsletter.Dockerfile.dockerignore beside this file, which keeps node_modules, .env, data and .git out.

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: production dependencies, with better-sqlite3's native addon ----------------------------------
FROM ${NODE_IMAGE} AS build
# python3, make and g++: node-gyp compiles better-sqlite3 when no prebuilt binary can be downloaded.
RUN apt-get update \
 && apt-get install -y --no-install-recommends python3 make g++ \
 && rm -rf /var/lib/apt/lists/*
RUN npm install -g pnpm@12.4.2
# node-gyp builds against the image's own Node headers (/usr/local/include/node) instead of downloading them.
ENV npm_config_nodedir=/usr/local \
    PNPM_CONFIG_UPDATE_NOTIFIER=false \
    CI=true
WORKDIR /app
# The lockfile alone decides what is downloaded, so this layer is reused until the lockfile changes.
COPY pnpm-lock.yaml pnpm-workspace.yaml package.json ./
RUN pnpm fetch --prod
COPY . .
# The service and the workspace packages it depends on, nothing else; no dev dependencies (esbuild, which bundles
# the service, and tsx, which runs its command line, are runtime dependencies).
RUN pnpm install --offline --frozen-lockfile --prod --filter "@parlor/newsletter..."
# The service and the workspace packages in one file, dist/main.mjs: plain node runs it, nothing is compiled at
# run time, and it starts sooner than the TypeScript sources would.
RUN pnpm --filter @parlor/newsletter build

# ---- runtime ------------------------------------------------------------------------------------------------
FROM ${NODE_IMAGE}
# The container's own layout; settings from compose's env_file or `docker run --env-file` come on top.
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3002 \
    DATA_DIR=/data \
    TRUST_PROXY=1
RUN groupadd --system --gid 10001 parlor \
 && useradd --system --uid 10001 --gid parlor --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin parlor \
 && mkdir /data && chown parlor:parlor /data && chmod 0700 /data
# Owned by root: the service cannot change its own code.
COPY --from=build /app /app
WORKDIR /app/services/newsletter
USER parlor
# SQLite file and WAL (when DATABASE_URL is not PostgreSQL), and .eml files when SMTP_URL is unset.
VOLUME ["/data"]
EXPOSE 3002
# The slim image has no curl; Node 20's fetch does the same. /healthz answers 503 while the store does not.
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT||3002}/healthz`).then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# SIGTERM: stop accepting, finish requests (10 s grace), stop the mail worker, close the database. Give it
# longer than Docker's default 10 s before SIGKILL (`stop_grace_period: 30s` in compose, `docker stop -t 30`).
STOPSIGNAL SIGTERM
# The same command as the systemd unit, flags included (see its ExecStart).
CMD ["node", "--max-old-space-size=384", "--max-semi-space-size=4", "dist/main.mjs"]
