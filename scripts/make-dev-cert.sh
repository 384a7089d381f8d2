#!/usr/bin/env bash
# Makes a private CA and one certificate signed by it, for TLS between silos and clients on a developer machine or a
# test cluster. Every silo and client may share the certificate: peers are accepted when their certificate chains to
# the CA (host names are not checked).
#
#   scripts/make-dev-cert.sh [out-dir] [extra DNS names...]     # default out-dir: ./certs
#
# Writes ca.crt, ca.key, tls.crt, tls.key (PEM). Then, for example:
#   dotnet run --project src/Silo -- --Tls:CertificatePath=certs/tls.crt --Tls:KeyPath=certs/tls.key --Tls:CaCertificatePath=certs/ca.crt
# or, on Kubernetes:
#   kubectl -n parameter-server create secret generic parameter-server-tls \
#     --from-file=tls.crt=certs/tls.crt --from-file=tls.key=certs/tls.key --from-file=ca.crt=certs/ca.crt
# Keep ca.key out of the cluster; it is needed only to sign more certificates.
set -euo pipefail
out="${1:-certs}"
shift || true
days="${CERT_DAYS:-365}"
command -v openssl >/dev/null || { echo "openssl is required (apt-get install openssl)" >&2; exit 1; }
mkdir -p "$out"
umask 077

san="DNS:localhost,IP:127.0.0.1,IP:::1"
for name in "$@"; do san="$san,DNS:$name"; done

openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days "$days" \
  -subj "/CN=parameter-server dev CA" \
  -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" \
  -keyout "$out/ca.key" -out "$out/ca.crt" 2>/dev/null

openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -subj "/CN=parameter-server" -keyout "$out/tls.key" -out "$out/tls.csr" 2>/dev/null

extensions="$(mktemp)"
trap 'rm -f "$extensions" "$out/tls.csr" "$out/ca.srl"' EXIT
cat >"$extensions" <<EXT
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyAgreement
extendedKeyUsage=serverAuth,clientAuth
subjectAltName=$san
EXT
openssl x509 -req -in "$out/tls.csr" -CA "$out/ca.crt" -CAkey "$out/ca.key" -CAcreateserial \
  -days "$days" -extfile "$extensions" -out "$out/tls.crt" 2>/dev/null

chmod 644 "$out/ca.crt" "$out/tls.crt"
echo "wrote $out/ca.crt, $out/ca.key, $out/tls.crt, $out/tls.key (valid $days days; SAN $san)"
