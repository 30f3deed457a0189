# Nestbox control plane: the server and its nginx in one image, both as the unprivileged user `nestbox`.
# libvirtd, qemu and the guests stay on the host (see compose.yaml).
#
# Build the jar first (the build copies it; Maven inside the build would need the network):
#   mvn -B install -DskipTests
#   podman build --format docker -t nestbox .      # docker format: OCI images drop HEALTHCHECK
# BASE may be any Debian bookworm image; scripts/container-test passes one made with mmdebstrap that already
# holds ops/container/packages, so its build needs no network.
ARG BASE=debian:bookworm-slim
FROM ${BASE}

COPY ops/container/packages /tmp/packages
# Install only what the base lacks: a preloaded base makes this a no-op that works offline.
RUN set -eu; missing=; \
    for p in $(grep -v '^#' /tmp/packages); do \
        dpkg-query -W -f '${db:Status-Status}' "$p" 2>/dev/null | grep -qx installed || missing="$missing $p"; \
    done; \
    if [ -n "$missing" ]; then \
        apt-get update; \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing; \
        rm -rf /var/lib/apt/lists/*; \
    fi; \
    rm /tmp/packages

# A fixed uid/gid, so files on a bind-mounted /var/lib/nestbox keep their owner across rebuilds.
ARG NESTBOX_UID=10001
# /var/log/nginx and /var/lib/nginx: nginx opens its compiled-in error log before reading our config;
# owning them spares every `nginx -t` / `nginx -s reload` of the server a permission alert.
# setcap: lets the unprivileged nginx listen on 80/443 when the configuration asks for them; a container run
# with no-new-privileges ignores it.
RUN groupadd --gid "${NESTBOX_UID}" nestbox \
 && useradd --uid "${NESTBOX_UID}" --gid nestbox --no-create-home --home-dir /var/lib/nestbox \
        --shell /usr/sbin/nologin nestbox \
 && install -d -o nestbox -g nestbox /var/lib/nestbox /var/log/nestbox \
 && chown -R nestbox:nestbox /var/log/nginx /var/lib/nginx \
 && setcap cap_net_bind_service=+ep /usr/sbin/nginx

COPY bootstrap/target/nestbox.jar /opt/nestbox/nestbox.jar
COPY config.yml /opt/nestbox/config.yml
COPY ops/container/entrypoint ops/container/healthcheck /opt/nestbox/

ENV NESTBOX_CONFIG=/opt/nestbox/config.yml \
    NESTBOX_STATE=/var/lib/nestbox \
    NESTBOX_LOGS=/var/log/nestbox \
    NESTBOX_LOG_FORMAT=json
VOLUME ["/var/lib/nestbox", "/var/log/nestbox"]
USER nestbox
WORKDIR /var/lib/nestbox
# Panel and sites origins (nginx). The server (8080) and its admin port (8081) listen on loopback only.
EXPOSE 8000 8088
# Liveness of this container's own processes, not of libvirt or PostgreSQL: see ops/container/healthcheck.
HEALTHCHECK --interval=30s --timeout=10s --start-period=90s --retries=3 CMD ["/opt/nestbox/healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/nestbox/entrypoint"]
