# shellcheck shell=bash
# Apache Kafka 3.9.1, KRaft single node (broker + controller), from Maven Central jars. Sourced by lib.sh.

KAFKA_POM="$SLA_DEPLOY_DIR/kafka/pom.xml"
KAFKA_DIR="$SLA_HOME/kafka"
KAFKA_LIBS="$KAFKA_DIR/libs"
KAFKA_STAMP="$KAFKA_LIBS/.sla-desk-stamp"
KAFKA_DATA="$KAFKA_DIR/data"
KAFKA_PROPS="$KAFKA_DIR/server.properties"
KAFKA_LOG4J="$SLA_DEPLOY_DIR/kafka/log4j.properties"
KAFKA_HEAP="${SLA_DESK_KAFKA_HEAP:--Xmx512m}"
# Another state folder's kafka/libs (e.g. the shared .local/kafka/libs) to take the jars from instead of Maven Central
# when its stamp matches the pom: hard links (copies across file systems), so a private broker next to the shared one
# (a disruptive test's) costs no download and almost no disk.
KAFKA_JAR_CACHE="${SLA_DESK_KAFKA_JAR_CACHE:-}"

kafka_ports() { printf '%s %s' "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT"; }
kafka_requires() { :; }
kafka_stop_signal() { printf 'TERM'; }

kafka_libs_stamp() { content_stamp "$KAFKA_POM" "maven-dependency-plugin=$MAVEN_DEPENDENCY_PLUGIN_VERSION"; }

kafka_installed() {
  compgen -G "$KAFKA_LIBS/kafka_2.13-*.jar" >/dev/null && stamp_matches "$KAFKA_STAMP" "$(kafka_libs_stamp)"
}

kafka_jar_cache_usable() {
  [[ -n "$KAFKA_JAR_CACHE" && "$KAFKA_JAR_CACHE" != "$KAFKA_LIBS" ]] &&
    compgen -G "$KAFKA_JAR_CACHE/kafka_2.13-*.jar" >/dev/null &&
    stamp_matches "$KAFKA_JAR_CACHE/.sla-desk-stamp" "$(kafka_libs_stamp)"
}

kafka_needs() { kafka_jvm_needs; }

kafka_jvm_needs() {
  have java || printf 'java 17+ (apt-get install -y openjdk-17-jre-headless)\n'
  have node || printf 'node 20 (for the readiness probe, kafkajs)\n'
  kafka_installed || kafka_jar_cache_usable || have mvn ||
    printf 'maven, to fetch the Kafka jars (apt-get install -y maven)\n'
}

kafka_java() {
  java "$KAFKA_HEAP" -Dlog4j.configuration="file:$KAFKA_LOG4J" -cp "$KAFKA_LIBS/*" "$@"
}

kafka_install() {
  kafka_jars_install
  kafka_render_and_format 1 "$KAFKA_DATA" "$KAFKA_PROPS" "$KAFKA_DIR/cluster-id" "$SLA_DEPLOY_DIR/kafka/server.properties" \
    "$KAFKA_PORT" "$KAFKA_CONTROLLER_PORT" kafka
}

# The jars (cached; also used by the cluster profile's brokers).
kafka_jars_install() {
  if ! kafka_installed && [[ -n "$KAFKA_JAR_CACHE" ]]; then
    if kafka_jar_cache_usable; then
      info "kafka: taking the jars from $(pretty_path "$KAFKA_JAR_CACHE") (SLA_DESK_KAFKA_JAR_CACHE)"
      rm -rf "$KAFKA_LIBS.tmp"
      mkdir -p "$KAFKA_LIBS.tmp"
      cp -l "$KAFKA_JAR_CACHE"/*.jar "$KAFKA_LIBS.tmp/" 2>/dev/null ||
        run_logged kafka "copy the cached jars" cp "$KAFKA_JAR_CACHE"/*.jar "$KAFKA_LIBS.tmp/"
      rm -rf "$KAFKA_LIBS"
      mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
      kafka_libs_stamp >"$KAFKA_STAMP"
    else
      warn "kafka: SLA_DESK_KAFKA_JAR_CACHE=$KAFKA_JAR_CACHE holds no jars for the current pom; fetching them instead"
    fi
  fi
  if ! kafka_installed; then
    info "kafka: fetching the Kafka 3.9.1 jars from Maven Central into $(pretty_path "$KAFKA_LIBS")"
    # Resolve in a scratch copy so maven writes nothing into the repository; swap in the jars only when complete.
    local build="$KAFKA_DIR/build"
    rm -rf "$build" "$KAFKA_LIBS.tmp"
    mkdir -p "$build"
    cp "$KAFKA_POM" "$build/pom.xml"
    run_logged kafka "mvn copy-dependencies" mvn -q -B -f "$build/pom.xml" \
      "org.apache.maven.plugins:maven-dependency-plugin:$MAVEN_DEPENDENCY_PLUGIN_VERSION:copy-dependencies" \
      -DincludeScope=runtime -DoutputDirectory="$KAFKA_LIBS.tmp"
    rm -rf "$KAFKA_LIBS" "$build"
    mv "$KAFKA_LIBS.tmp" "$KAFKA_LIBS"
    kafka_libs_stamp >"$KAFKA_STAMP"
  fi
}

# kafka_render_and_format NODE_ID DATA PROPS CLUSTER_ID_FILE TEMPLATE PORT CONTROLLER_PORT LOG: renders a broker's
# server.properties from TEMPLATE (@NODE_ID@, @KAFKA_DATA_DIR@, @HOST@, @KAFKA_PORT@, @KAFKA_CONTROLLER_PORT@,
# @CONTROLLER_QUORUM_VOTERS@) and formats its KRaft storage once, with the cluster id kept in CLUSTER_ID_FILE.
kafka_render_and_format() {
  local node_id="$1" data="$2" props="$3" id_file="$4" template="$5" port="$6" cport="$7" log="$8"
  mkdir -p "$data"
  sed -e "s|@KAFKA_DATA_DIR@|$data|g" -e "s|@HOST@|$SLA_HOST|g" -e "s|@KAFKA_PORT@|$port|g" \
    -e "s|@KAFKA_CONTROLLER_PORT@|$cport|g" -e "s|@NODE_ID@|$node_id|g" \
    -e "s|@CONTROLLER_QUORUM_VOTERS@|${KAFKA_QUORUM_VOTERS:-}|g" "$template" >"$props"

  if [[ ! -f "$data/meta.properties" ]]; then
    local cluster_id
    if [[ ! -s "$id_file" ]]; then
      kafka_java kafka.tools.StorageTool random-uuid 2>>"$(log_file "$log")" | tail -n 1 >"$id_file"
    fi
    cluster_id="$(cat "$id_file")"
    [[ -n "$cluster_id" ]] || die "$log: could not generate a cluster id (see $(log_file "$log"))"
    info "$log: formatting the KRaft storage (cluster id $cluster_id)"
    run_logged "$log" "format storage" kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$props"
  fi
}

kafka_start() {
  start_bg kafka java "$KAFKA_HEAP" -Dlog4j.configuration="file:$KAFKA_LOG4J" -cp "$KAFKA_LIBS/*" \
    kafka.Kafka "$KAFKA_PROPS"
}

# 9093 (controller) opens first; ready means 9092 accepts connections and answers a metadata request.
kafka_probe() {
  (exec 3<>"/dev/tcp/$SLA_HOST/$KAFKA_PORT") 2>/dev/null || return 1
  (cd "$SLA_REPO_ROOT" && timeout 10 node "$SLA_DEPLOY_DIR/kafka/probe.js" "$SLA_HOST:$KAFKA_PORT")
}

kafka_after_ready() { :; }

kafka_summary() { printf '  %-15s %s\n' Kafka "$SLA_HOST:$KAFKA_PORT"; }
