// What a hostile input holds: secrets in every structure a secret is written in, terminal control sequences,
// and values at the edges of every type. Each canary is unique, so finding it in any output is a leak.

let serial = 0;
/** A fresh canary word, unlikely in any real text. */
export function canary(): string {
  serial++;
  return `Cn4ry${serial.toString(36)}Q${(serial * 7919).toString(36)}`;
}

/** How secrets are written in connection strings, URLs, JSON, HTTP headers and logs (issue 15, finding 5). */
export const SECRET_FORMS: readonly ((c: string) => string)[] = [
  (c) => `Password=first ${c}`,
  (c) => `Server=db01;User ID=sa;PWD={x;${c}};Encrypt=yes`,
  (c) => `Server=db01;Password="a;""${c}";Encrypt=yes`,
  (c) => `Password='it''s ${c}';`,
  (c) => `http://svc:p@${c}@proxy.corp:8080/`,
  (c) => `http://:${c}@proxy.corp`,
  (c) => `https://${c}@git.example/repo`,
  (c) => `Password: ${c}`,
  (c) => `{"password":"${c}"}`,
  (c) => `{'Pwd': '${c}'}`,
  (c) => `Authorization: Bearer ${c}`,
  (c) => `Proxy-Authorization: Basic ${c}`,
  (c) => `request failed: authorization: NTLM ${c}`,
  (c) => `api_key=${c}&page=2`,
  (c) => `X-Api-Key: ${c}`,
  (c) => `client_secret=${c}`,
  (c) => `CLICKKER_SQL_PASSWORD=${c}`,
  (c) => `token: ${c}`,
  (c) => `ALTER LOGIN [BACO] WITH PASSWORD = N'${c}' UNLOCK;`,
];

/** Terminal and file-format attacks: erase-line + fake verdict, OSC 52 clipboard write, BEL, NUL, C1 CSI, bidi. */
export const CONTROL_STRINGS: readonly string[] = [
  '\u001b[2K\r\u001b[32mREADY\u001b[0m',
  '\u001b]52;c;ZWNobyBwd25lZA==\u0007',
  'bell\u0007nul\u0000end',
  '\u009b2K\u009d0;title\u009c',
  'line1\r\nREADY  0 failed',
  '\u007fdel\u0008bs\u000bvt\u000cff',
];

/** Values at the edges of each JSON type, as a probe or a tampered snapshot could hold them. */
export const EDGE_VALUES: readonly unknown[] = [
  null, -1, 0, 1, -0.5, 1e308, -1e308, 4294967295, 2 ** 53 + 1, '', ' ', 'x'.repeat(20000), true, false, {}, [], [null],
  '\\/Date(-62135596800000)\\/', '9999-99-99', 'NaN', '-1', '0', '\ud800', '\u202eevil', { value: null, DisplayHint: 2 },
  [[[[[]]]]], { Major: -1, Minor: null }, '10.0.99999.1',
];

/** Characters that must never reach a terminal or a report raw (C0 except tab and newline, DEL, C1). */
// eslint-disable-next-line no-control-regex
export const RAW_CONTROL = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F]/;
