# A Java service on a JRE: a verified tarball, tini as init, gosu to drop root in the entrypoint.
FROM eclipse-temurin:21.0.3_9-jre-jammy

ENV APP_HOME=/opt/app \
    TINI_VERSION=v0.19.0 \
    TINI_SHA256=93dcc18adc78c65a028a84799ecf8ad40c936fdfc5f2a57b1acda5a8117fa82c

RUN set -eux; \
    groupadd --system --gid 1001 app; \
    useradd --system --uid 1001 --gid app --home-dir "$APP_HOME" --no-create-home app; \
    apt-get update; \
    apt-get install -y --no-install-recommends ca-certificates curl gosu; \
    rm -rf /var/lib/apt/lists/*; \
    curl -fsSL -o /usr/local/bin/tini "https://github.com/krallin/tini/releases/download/${TINI_VERSION}/tini-amd64"; \
    echo "${TINI_SHA256}  /usr/local/bin/tini" | sha256sum -c -; \
    chmod 0755 /usr/local/bin/tini; \
    gosu nobody true

WORKDIR ${APP_HOME}
COPY build/libs/app.jar app.jar
COPY docker/entrypoint.sh /usr/local/bin/entrypoint.sh
RUN chmod 0755 /usr/local/bin/entrypoint.sh && mkdir -p "$APP_HOME/logs" && chown app:app "$APP_HOME/logs"

EXPOSE 8080
HEALTHCHECK --interval=30s --timeout=5s CMD curl -fsS http://127.0.0.1:8080/actuator/health || exit 1
# the entrypoint runs as root only long enough to fix volume ownership, then execs gosu app
ENTRYPOINT ["/usr/local/bin/tini", "--", "/usr/local/bin/entrypoint.sh"]
CMD ["java", "-XX:MaxRAMPercentage=75", "-jar", "app.jar"]
