{{- define "cilium.labels" -}}
app.kubernetes.io/part-of: cilium
helm.sh/chart: {{ .Chart.Name }}-{{ .Chart.Version }}
{{- end -}}
