# The kubetrace webhook gateway image: a JRE and the gateway's own jar (no Flink inside).
#
#   mvn -B package -DskipTests
#   docker build -f docker/gateway.Dockerfile -t ghcr.io/kubetrace/kubetrace-gateway:0.1.0 .
FROM eclipse-temurin:17-jre

COPY webhook-gateway/target/kubetrace-gateway.jar /opt/kubetrace/kubetrace-gateway.jar

# Not root; the gateway needs no privileges and listens above 1024.
USER 65532:65532
EXPOSE 8080 8443
# Settings come from /etc/kubetrace/gateway.yaml when it exists (k8s/gateway mounts it there),
# then KUBETRACE_* variables, then arguments: `docker run IMAGE --kafka-bootstrap HOST:PORT` works
# without a file.
ENTRYPOINT ["java", "-XX:MaxRAMPercentage=75", "-jar", "/opt/kubetrace/kubetrace-gateway.jar"]
