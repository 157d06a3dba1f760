{{/* Names, labels and the per-component environment shared by the templates. */}}

{{- define "sla-desk.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* The subgraphs, in the order of services/gateway/subgraphs.json. */}}
{{- define "sla-desk.subgraphs" -}}
identity catalog contracts tickets notifications
{{- end -}}

{{- define "sla-desk.labels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/version: {{ .root.Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .root.Release.Service }}
app.kubernetes.io/part-of: sla-desk
app.kubernetes.io/component: {{ .component }}
helm.sh/chart: {{ printf "%s-%s" .root.Chart.Name .root.Chart.Version }}
{{- end -}}

{{- define "sla-desk.selectorLabels" -}}
app.kubernetes.io/name: {{ .root.Chart.Name }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{- define "sla-desk.image" -}}
{{- $v := .root.Values.image -}}
{{- printf "%s/%s%s:%s" $v.registry $v.repositoryPrefix .component (default .root.Chart.AppVersion $v.tag) -}}
{{- end -}}

{{- define "sla-desk.serviceAccountName" -}}
{{- if .Values.serviceAccount.create -}}
{{- default (include "sla-desk.fullname" .) .Values.serviceAccount.name -}}
{{- else -}}
{{- default "default" .Values.serviceAccount.name -}}
{{- end -}}
{{- end -}}

{{- define "sla-desk.secretName" -}}
{{- default (printf "%s-secrets" (include "sla-desk.fullname" .)) .Values.secrets.existingSecret -}}
{{- end -}}

{{/* `CATALOG` for catalog: the prefix of a subgraph's own variables. */}}
{{- define "sla-desk.envPrefix" -}}
{{- . | upper | replace "-" "_" -}}
{{- end -}}

{{/*
The variable <PREFIX>_DATABASE_URL of database `.db` (identity, …, tickets): from database.existingSecret, or composed
from host, user and the password Secret with Kubernetes' $(VAR) expansion (SLA_DESK_DATABASE_PASSWORD comes first).
*/}}
{{- define "sla-desk.databaseUrlEnv" -}}
{{- $d := .root.Values.database -}}
{{- $name := printf "%s_DATABASE_URL" (include "sla-desk.envPrefix" .db) -}}
{{- if $d.existingSecret }}
- name: {{ $name }}
  valueFrom:
    secretKeyRef: { name: {{ $d.existingSecret }}, key: {{ $name }} }
{{- else }}
- name: {{ $name }}
  value: {{ printf "postgresql://%s:$(SLA_DESK_DATABASE_PASSWORD)@%s:%v/%s%s" $d.user $d.host $d.port (get $d.names .db) (ternary (printf "?%s" $d.params) "" (ne $d.params "")) | quote }}
{{- end }}
{{- end -}}

{{- define "sla-desk.databasePasswordEnv" -}}
{{- $d := .Values.database -}}
{{- if not $d.existingSecret }}
- name: SLA_DESK_DATABASE_PASSWORD
  valueFrom:
    secretKeyRef: { name: {{ $d.passwordSecret.name }}, key: {{ $d.passwordSecret.key }} }
{{- end }}
{{- end -}}

{{/* Temporal TLS: variables (TEMPORAL_TLS_* of @sla-desk/runtime), volumes and mounts. */}}
{{- define "sla-desk.temporalTlsEnv" -}}
{{- $t := .Values.temporal.tls -}}
{{- if $t.enabled }}
TEMPORAL_TLS: "true"
{{- if $t.clientCertSecret }}
TEMPORAL_TLS_CERT_FILE: /etc/sla-desk/temporal-client/tls.crt
TEMPORAL_TLS_KEY_FILE: /etc/sla-desk/temporal-client/tls.key
{{- end }}
{{- if $t.caSecret }}
TEMPORAL_TLS_CA_FILE: /etc/sla-desk/temporal-ca/ca.crt
{{- end }}
{{- if $t.serverName }}
TEMPORAL_TLS_SERVER_NAME: {{ $t.serverName | quote }}
{{- end }}
{{- end }}
{{- end -}}

{{- define "sla-desk.temporalTlsVolumes" -}}
{{- $t := .Values.temporal.tls -}}
{{- if and $t.enabled $t.clientCertSecret }}
- name: temporal-client
  secret: { secretName: {{ $t.clientCertSecret }}, defaultMode: 0440 }
{{- end }}
{{- if and $t.enabled $t.caSecret }}
- name: temporal-ca
  secret: { secretName: {{ $t.caSecret }}, defaultMode: 0444 }
{{- end }}
{{- end -}}

{{- define "sla-desk.temporalTlsMounts" -}}
{{- $t := .Values.temporal.tls -}}
{{- if and $t.enabled $t.clientCertSecret }}
- { name: temporal-client, mountPath: /etc/sla-desk/temporal-client, readOnly: true }
{{- end }}
{{- if and $t.enabled $t.caSecret }}
- { name: temporal-ca, mountPath: /etc/sla-desk/temporal-ca, readOnly: true }
{{- end }}
{{- end -}}

{{/* Kafka and topic variables (@sla-desk/events' topicsConfigFromEnv). */}}
{{- define "sla-desk.kafkaEnv" -}}
{{- $k := .Values.kafka -}}
KAFKA_BROKERS: {{ join "," $k.brokers | quote }}
KAFKA_TOPIC_PREFIX: {{ $k.topicPrefix | quote }}
KAFKA_TOPIC_PARTITIONS: {{ $k.topicPartitions | quote }}
KAFKA_TOPIC_REPLICATION_FACTOR: {{ $k.topicReplicationFactor | quote }}
KAFKA_DLQ_PARTITIONS: {{ $k.dlqPartitions | quote }}
{{- if $k.topicRetentionMs }}
KAFKA_TOPIC_RETENTION_MS: {{ $k.topicRetentionMs | quote }}
{{- end }}
{{- end -}}

{{- define "sla-desk.temporalEnv" -}}
TEMPORAL_ADDRESS: {{ .Values.temporal.address | quote }}
TEMPORAL_NAMESPACE: {{ .Values.temporal.namespace | quote }}
{{- include "sla-desk.temporalTlsEnv" . }}
{{- end -}}

{{/* In-cluster URL of a component's GraphQL endpoint. */}}
{{- define "sla-desk.graphqlUrl" -}}
{{- printf "http://%s-%s:%v/graphql" (include "sla-desk.fullname" .root) .component (get .root.Values .component).port -}}
{{- end -}}

{{/*
The non-secret variables of a component, as a YAML map (the chart's, then the component's `env` over them): the
ConfigMap holds them and its checksum rolls the pods when they change.
*/}}
{{- define "sla-desk.config" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $v := get $root.Values $c -}}
NODE_ENV: production
LOG_LEVEL: {{ $root.Values.logLevel | quote }}
{{- if eq $c "gateway" }}
GATEWAY_HOST: 0.0.0.0
GATEWAY_PORT: {{ $v.port | quote }}
{{- range (include "sla-desk.subgraphs" $root | splitList " ") }}
SUBGRAPH_{{ include "sla-desk.envPrefix" . }}_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" .) | quote }}
{{- end }}
{{- else if eq $c "worker" }}
{{ include "sla-desk.temporalEnv" $root }}
{{ include "sla-desk.kafkaEnv" $root }}
KAFKA_CLIENT_ID: sla-desk-worker
WORKER_CONTRACTS_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" "contracts") | quote }}
WORKER_CATALOG_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" "catalog") | quote }}
WORKER_HEALTH_HOST: 0.0.0.0
WORKER_HEALTH_PORT: {{ $v.healthPort | quote }}
WORKER_SHUTDOWN_GRACE_SECONDS: {{ $v.shutdownGraceSeconds | quote }}
WORKER_MAX_CACHED_WORKFLOWS: {{ $v.maxCachedWorkflows | quote }}
NODE_OPTIONS: {{ printf "--max-old-space-size=%v" $v.maxOldSpaceMiB | quote }}
{{- else }}
{{- $p := include "sla-desk.envPrefix" $c }}
{{ $p }}_HOST: 0.0.0.0
{{ $p }}_PORT: {{ $v.port | quote }}
{{ $p }}_MIGRATE_ON_START: {{ (not $root.Values.migrations.enabled) | toString | quote }}
{{ $p }}_DB_POOL_SIZE: {{ $root.Values.database.poolSize | quote }}
{{ include "sla-desk.kafkaEnv" $root }}
{{- if or (eq $c "tickets") (eq $c "contracts") }}
{{ include "sla-desk.temporalEnv" $root }}
{{- end }}
{{- if eq $c "catalog" }}
CATALOG_CONTRACTS_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" "contracts") | quote }}
{{- end }}
{{- if eq $c "contracts" }}
CONTRACTS_CATALOG_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" "catalog") | quote }}
{{- end }}
{{- if eq $c "tickets" }}
TICKETS_CONTRACTS_URL: {{ include "sla-desk.graphqlUrl" (dict "root" $root "component" "contracts") | quote }}
{{- end }}
{{- end }}
{{- range $k, $val := $v.env }}
{{ $k }}: {{ $val | toString | quote }}
{{- end }}
{{- end -}}

{{/* The secret variables a component reads, as env entries (each only what it needs: the private key stays in identity). */}}
{{- define "sla-desk.secretEnv" -}}
{{- $root := .root -}}
{{- $c := .component -}}
{{- $secret := include "sla-desk.secretName" $root -}}
- name: GATEWAY_SUBGRAPH_SECRET
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: GATEWAY_SUBGRAPH_SECRET } }
{{- if and (ne $c "gateway") (ne $c "worker") }}
- name: GATEWAY_SUBGRAPH_SECRET_PREVIOUS
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: GATEWAY_SUBGRAPH_SECRET_PREVIOUS, optional: true } }
{{- end }}
{{- if eq $c "gateway" }}
- name: JWT_PUBLIC_KEY
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: JWT_PUBLIC_KEY } }
{{- end }}
{{- if eq $c "identity" }}
- name: JWT_PRIVATE_KEY
  valueFrom: { secretKeyRef: { name: {{ $secret }}, key: JWT_PRIVATE_KEY } }
{{- end }}
{{- if ne $c "gateway" }}
{{- include "sla-desk.databasePasswordEnv" $root }}
{{- include "sla-desk.databaseUrlEnv" (dict "root" $root "db" (ternary "tickets" $c (eq $c "worker"))) }}
{{- end }}
{{- end -}}

{{- define "sla-desk.podScheduling" -}}
{{- with .root.Values.nodeSelector }}
nodeSelector: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.tolerations }}
tolerations: {{- toYaml . | nindent 2 }}
{{- end }}
{{- with .root.Values.affinity }}
affinity: {{- toYaml . | nindent 2 }}
{{- end }}
{{- if .root.Values.spreadAcrossNodes }}
topologySpreadConstraints:
  - maxSkew: 1
    topologyKey: kubernetes.io/hostname
    whenUnsatisfiable: ScheduleAnyway
    labelSelector:
      matchLabels: {{- include "sla-desk.selectorLabels" . | nindent 8 }}
{{- end }}
{{- end -}}
