# syntax=docker/dockerfile:1
# Build: docker build -t observable-orders .
# Run:   docker run -p 127.0.0.1:2112:2112 -e RESTATE_SDK_IDENTITY_KEY=publickeyv1_... \
#          -e RESTATE_DEPLOYMENT_ADMIN_URL=http://restate:9070 \
#          -e RESTATE_DEPLOYMENT_ADVERTISED_URL=http://orders:9090 observable-orders
#        The endpoint listens on all of the container's interfaces, so it starts only with the request
#        identity key of the Restate server that calls it (compose.yaml makes one on first start).
# Keys:  docker run --rm -v ...:/identity/private -v ...:/identity/public --entrypoint java observable-orders \
#          -cp application.jar dev.observableorders.restate.endpoint.RequestIdentityKeys /identity/private /identity/public

# The base images are arguments so that the same file builds where no registry is reachable: tools/images
# makes a Debian JDK and JRE locally and passes them (docs/operations.md, "Container").
ARG BUILD_IMAGE=eclipse-temurin:17.0.15_6-jdk-noble
ARG RUNTIME_IMAGE=eclipse-temurin:17.0.15_6-jre-noble

FROM ${BUILD_IMAGE} AS build
WORKDIR /src
COPY mvnw pom.xml ./
COPY .mvn .mvn
RUN ./mvnw -B -q dependency:go-offline
COPY src src
# the tests run in CI against a real Restate server; the image build only packages
# exec.skip: the npm install of the test-only Restate server is not needed to package
# extracted, not run by Boot's launcher: the JVM then loads every class from a plain jar, which is what
# class-data sharing needs (application.jar, its libraries in lib/)
RUN ./mvnw -B -q package -DskipTests -Dspring-javaformat.skip=true -Dexec.skip=true \
    && cp target/observable-orders-*.jar /application.jar \
    && java -Djarmode=tools -jar /application.jar extract --layers --destination /layers

FROM ${RUNTIME_IMAGE}
# curl serves the health check only
RUN apt-get update \
    && apt-get install -y --no-install-recommends curl \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --uid 10001 --no-create-home orders \
    && mkdir -p /identity/private /identity/public \
    && chown 10001 /identity/private /identity/public
WORKDIR /app
# least-changing layers first, so a code change rebuilds only the last one
COPY --from=build /layers/dependencies/ ./
COPY --from=build /layers/spring-boot-loader/ ./
COPY --from=build /layers/snapshot-dependencies/ ./
COPY --from=build /layers/application/ ./
# A training start (context refreshed, then exit; nothing listens) archives the classes it loaded: a replica
# then starts from the archive, about twice as fast (docs/benchmarks.md, "Start-up"). Made here, by the JVM
# that runs it: an archive from another JVM build is refused.
RUN RESTATE_DEPLOYMENT_BIND_ADDRESS=127.0.0.1 java -XX:ArchiveClassesAtExit=application.jsa \
        -Dspring.context.exit=onRefresh -jar application.jar
USER 10001
# In a container the endpoint must be reachable from Restate's container: all interfaces, which the
# service accepts only with restate.sdk.identity-key set (or restate.deployment.allow-unsigned=true).
ENV RESTATE_DEPLOYMENT_BIND_ADDRESS=0.0.0.0
# The management port too, for Prometheus to scrape /metrics from its container; the order pages still
# answer loopback callers only unless ORDERS_PAGES_ENABLED_BEYOND_LOOPBACK=true (compose sets it: it
# publishes 2112 on the host's 127.0.0.1 only).
ENV SERVER_ADDRESS=0.0.0.0
# 9090: the Restate endpoint (only Restate should reach it); 2112: metrics at /metrics, health at /health
EXPOSE 9090 2112
# six retries 10 s apart cover start-up (dockerfilelint, our CI linter, predates --start-period)
# the management port a deployment may move with SERVER_PORT (found by tools/container-smoke)
HEALTHCHECK --interval=10s --timeout=3s --retries=6 \
    CMD curl -fsS "http://127.0.0.1:${SERVER_PORT:-2112}/health/readiness" || exit 1
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-XX:SharedArchiveFile=application.jsa", "-jar", "application.jar"]
