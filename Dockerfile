# Auditlens in a container: the installed package (what `npm pack` ships), its one production dependency
# (better-sqlite3, compiled or fetched for this image's Node.js), and nothing else.
#   docker build -t auditlens:0.1.0 .
#   docker run -p 3000:3000 -v auditlens-data:/data -e AUDITLENS_ACCESS_TOKEN=<16+ random characters> auditlens:0.1.0
# The steps are in scripts/container.sh, which CI runs without a docker daemon.

FROM node:20-bookworm AS build
WORKDIR /src
COPY package.json package-lock.json ./
# As in .ci/run: the lock lists no other platforms' optional binaries, which `npm ci` may reject.
RUN npm ci --no-audit --no-fund || npm install --no-audit --no-fund
COPY . .
RUN sh scripts/container.sh build /opt/auditlens

FROM node:20-bookworm-slim
# The same Debian release as the build stage, so better-sqlite3's binding finds the same C library.
RUN groupadd --system --gid 10001 auditlens \
 && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home --shell /usr/sbin/nologin auditlens \
 && mkdir /data && chown 10001:10001 /data
COPY --from=build /opt/auditlens /opt/auditlens
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    HOST=0.0.0.0 \
    PORT=3000 \
    AUDITLENS_DB=/data/auditlens.db \
    PATH=/opt/auditlens/bin:$PATH
USER 10001:10001
WORKDIR /data
VOLUME /data
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["/opt/auditlens/lib/node_modules/auditlens/scripts/container.sh", "health"]
ENTRYPOINT ["/opt/auditlens/lib/node_modules/auditlens/scripts/container.sh", "start"]
