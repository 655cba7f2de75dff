// A SELF-SIGNED certificate and key for the TDS test server (test/support/tds-server.ts) ONLY. They protect nothing:
// the key is public in this repository. Subject CN=clickker-tds-test-server, SAN localhost and 127.0.0.1, valid for
// 100 years from 2026-11-22. Tests use it to show that a client which verifies certificates refuses it.
export const TEST_CERT = `-----BEGIN CERTIFICATE-----
MIIBujCCAV+gAwIBAgIUS+KNK+wqP5kzvZQajU5fkka+ZjgwCgYIKoZIzj0EAwIw
IzEhMB8GA1UEAwwYY2xpY2trZXItdGRzLXRlc3Qtc2VydmVyMCAXDTI2MTEyMjIz
MjA0MloYDzIxMjYxMDI5MjMyMDQyWjAjMSEwHwYDVQQDDBhjbGlja2tlci10ZHMt
dGVzdC1zZXJ2ZXIwWTATBgcqhkjOPQIBBggqhkjOPQMBBwNCAASIS0grUcym65WK
nskGDOs0DhQllaL7IK3e5poMD1tLEs+UyNTYgTuPWjCm2/Am67L6RfshExjruugd
qSeoYQU/o28wbTAdBgNVHQ4EFgQUiAclRXMgz1TTo/fcNeR26itGjPcwHwYDVR0j
BBgwFoAUiAclRXMgz1TTo/fcNeR26itGjPcwDwYDVR0TAQH/BAUwAwEB/zAaBgNV
HREEEzARgglsb2NhbGhvc3SHBH8AAAEwCgYIKoZIzj0EAwIDSQAwRgIhANElBssL
UUBlbtFdQ8EsSvQbCgtjUWnSKIPGOg6whMUJAiEA1PSdvBSNjEd8FWU0LB9GqX0L
HaLQrjL5PWLr046EZa4=
-----END CERTIFICATE-----
`;

export const TEST_KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgRrpJuuuieYUrsh14
WwJlqqbD5CXfrDYBDN09xok8wfqhRANCAASIS0grUcym65WKnskGDOs0DhQllaL7
IK3e5poMD1tLEs+UyNTYgTuPWjCm2/Am67L6RfshExjruugdqSeoYQU/
-----END PRIVATE KEY-----
`;
