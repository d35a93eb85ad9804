#!/usr/bin/env bash
# A single Kafka broker (KRaft, broker and controller in one process) on 127.0.0.1, from the
# Kafka jars on Maven Central, so the gateway and the live job can be tried on a laptop.
#
#   scripts/kafka-local.sh start    # formats its storage the first time; creates the audit topic
#   scripts/kafka-local.sh status
#   scripts/kafka-local.sh stop
#
# Environment: KAFKA_LOCAL_DIR (default ~/.kubetrace/kafka-local), KAFKA_LOCAL_PORT (9092),
# KAFKA_LOCAL_TOPIC (kubetrace-audit), KAFKA_LOCAL_PARTITIONS (4).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
dir="${KAFKA_LOCAL_DIR:-$HOME/.kubetrace/kafka-local}"
port="${KAFKA_LOCAL_PORT:-9092}"
controller_port=$((port + 1))
topic="${KAFKA_LOCAL_TOPIC:-kubetrace-audit}"
partitions="${KAFKA_LOCAL_PARTITIONS:-4}"
pidfile="$dir/kafka.pid"

classpath() {
  local file="$dir/classpath.txt"
  if [[ ! -s "$file" || "$here/kafka-local/pom.xml" -nt "$file" ]]; then
    echo "kafka-local: resolving the Kafka jars from Maven Central ..." >&2
    mvn -B -q -Dstyle.color=never -f "$here/kafka-local/pom.xml" dependency:build-classpath \
      -Dmdep.outputFile="$file" >&2
  fi
  cat "$file"
}

kafka_java() {
  java -Xmx1g -Dlog4j2.configurationFile="$here/kafka-local/log4j2.properties" \
    -Dkafka.local.log="$dir/kafka.log" -cp "$(classpath)" "$@"
}

running() {
  [[ -f "$pidfile" ]] && kill -0 "$(cat "$pidfile")" 2>/dev/null
}

listening() {
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null
}

start() {
  if running; then
    echo "kafka-local: already running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    return
  fi
  mkdir -p "$dir"
  cat >"$dir/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
controller.quorum.bootstrap.servers=127.0.0.1:$controller_port
log.dirs=$dir/data
num.partitions=$partitions
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
PROPERTIES
  if [[ ! -f "$dir/data/meta.properties" ]]; then
    kafka_java kafka.tools.StorageTool format --standalone \
      --cluster-id "$(kafka_java kafka.tools.StorageTool random-uuid)" \
      --config "$dir/server.properties" >/dev/null
  fi
  nohup java -Xmx1g -Dlog4j2.configurationFile="$here/kafka-local/log4j2.properties" \
    -Dkafka.local.log="$dir/kafka.log" -cp "$(classpath)" \
    kafka.Kafka "$dir/server.properties" >"$dir/kafka.out" 2>&1 &
  echo $! >"$pidfile"
  for _ in $(seq 1 120); do
    if listening; then
      kafka_java org.apache.kafka.tools.TopicCommand --bootstrap-server "127.0.0.1:$port" \
        --create --if-not-exists --topic "$topic" --partitions "$partitions" \
        --replication-factor 1 >/dev/null
      echo "kafka-local: running (pid $(cat "$pidfile")) on 127.0.0.1:$port, topic $topic;" \
        "data and log in $dir"
      return
    fi
    if ! running; then
      echo "kafka-local: the broker exited; see $dir/kafka.log and $dir/kafka.out" >&2
      exit 1
    fi
    sleep 0.5
  done
  echo "kafka-local: not listening on 127.0.0.1:$port after 60 s; see $dir/kafka.log" >&2
  exit 1
}

stop() {
  if ! running; then
    echo "kafka-local: not running"
    rm -f "$pidfile"
    return
  fi
  local pid
  pid="$(cat "$pidfile")"
  kill "$pid"
  for _ in $(seq 1 60); do
    if ! kill -0 "$pid" 2>/dev/null; then
      rm -f "$pidfile"
      echo "kafka-local: stopped"
      return
    fi
    sleep 0.5
  done
  echo "kafka-local: pid $pid still running after 30 s; kill -9 $pid to force it" >&2
  exit 1
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  status)
    if running; then
      echo "kafka-local: running (pid $(cat "$pidfile")) on 127.0.0.1:$port"
    else
      echo "kafka-local: not running"
      exit 3
    fi
    ;;
  *)
    echo "usage: $0 start|stop|status" >&2
    exit 2
    ;;
esac
