# The kubetrace job image: the official Flink 2.2.1 image (Java 17) with the job jar in usrlib,
# where the FlinkDeployment's jarURI points, and the Prometheus reporter and S3 file system
# plugins enabled (checkpoints, savepoints and HA metadata live on object storage).
#
#   mvn -B package -DskipTests
#   docker build -f docker/job.Dockerfile -t ghcr.io/kubetrace/kubetrace-job:0.1.0 .
FROM flink:2.2.1-java17

# A plugin ships in opt/ and is enabled by its own directory under plugins/.
RUN set -e; cd /opt/flink; \
    for plugin in metrics-prometheus s3-fs-presto; do \
      if [ ! -d "plugins/$plugin" ]; then \
        mkdir -p "plugins/$plugin" && cp opt/flink-$plugin-*.jar "plugins/$plugin/"; \
      fi; \
    done

COPY --chown=flink:flink jobs/target/kubetrace-jobs.jar /opt/flink/usrlib/kubetrace-jobs.jar
