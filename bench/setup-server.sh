# Sourced by the bench scripts: `bench_setup DIR PORT` writes a server and a client certificate (P-256,
# self-signed, the client's identity as admin) and DIR/config.yml for a server on 127.0.0.1:PORT with
# auditing off and an fs keystore in DIR/keys.
bench_setup() {
  local work=$1 port=$2 admin
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/server.key" -out "$work/server.crt" \
    -days 2 -subj "/CN=localhost" -addext "subjectAltName=IP:127.0.0.1" 2>/dev/null
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$work/client.key" -out "$work/client.crt" \
    -days 2 -subj "/CN=bench" -addext "basicConstraints=critical,CA:FALSE" -addext "extendedKeyUsage=clientAuth" 2>/dev/null
  admin=$(openssl x509 -in "$work/client.crt" -pubkey -noout | openssl pkey -pubin -outform DER | sha256sum | cut -d' ' -f1)
  cat > "$work/config.yml" <<YAML
version: v1
address: 127.0.0.1:$port
admin:
  identity: $admin
tls:
  key: $work/server.key
  cert: $work/server.crt
log:
  audit: off
keystore:
  fs:
    path: $work/keys
YAML
}
