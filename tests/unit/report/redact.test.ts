import { describe, expect, it } from 'vitest';
import { exportRunJson } from '../../../utils/report/json';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { redactEvidence, redactText } from '../../../utils/report/redact';
import { formatTextReport } from '../../../utils/report/text';
import { allReports, AT, baseRun, en, FIELDS, fr, secretParts } from './fields';

/** Secret forms seen in the wild; the secret is the part in capitals and digits. */
const SECRET_FORMS: [form: string, secret: string][] = [
  ['https://admin:S3cr3tPwA1@portal.example', 'S3cr3tPwA1'],
  ['https://admin:p@ssS3CR3TB2@portal.example/', 'p@ssS3CR3TB2'],
  ['https://user:p@ss:w@rdS3CR3TC3@host:8443/path?x=1#top', 'p@ss:w@rdS3CR3TC3'],
  ['HTTPS://ADMIN:UPPERSECRETD4@HOST/', 'UPPERSECRETD4'],
  ['https://TOKENASUSERE5@api.example/', 'TOKENASUSERE5'],
  ['https://u:PERCENTF6%40ENCODED@host', 'PERCENTF6%40ENCODED'],
  ['wss://u:WSSECRETG7@sig.example/socket', 'WSSECRETG7'],
  ['turn:alice:TURNSECRETH8@turn.example:3478?transport=udp', 'TURNSECRETH8'],
  ['turns:alice:TURNS3CR3TI9@turn.example:5349?transport=tcp', 'TURNS3CR3TI9'],
  ['turn:1700000000:alice:HMACSECRETJ0=@turn.example', 'HMACSECRETJ0'],
  ['proxy alice:BAREPROXYK1@proxy.example:8080', 'BAREPROXYK1'],
  ['https://host/cb?access_token=ACCESSL2&state=ok', 'ACCESSL2'],
  ['https://host/?token=TOKENM3', 'TOKENM3'],
  ['https://host/?api_key=APIKEYN4', 'APIKEYN4'],
  ['https://host/?apikey=APIKEYO5', 'APIKEYO5'],
  ['https://host/?apiKey=APIKEYP6', 'APIKEYP6'],
  ['https://host/?auth=AUTHQ7', 'AUTHQ7'],
  ['https://blob.example/f?sv=2020&sig=SIGNATURER8', 'SIGNATURER8'],
  ['https://s3.example/o?X-Amz-Signature=AMZSIGS9', 'AMZSIGS9'],
  ['https://host/?pwd=PWDSECRETT0', 'PWDSECRETT0'],
  ['https://host/?password=PASSWORDU1&user=bob', 'PASSWORDU1'],
  ['https://host/?x=1&client_secret=CLIENTV2', 'CLIENTV2'],
  ['https://host/?refresh_token=REFRESHW3', 'REFRESHW3'],
  ['https://host/?session_id=SESSIONX4', 'SESSIONX4'],
  ['https://host/#access_token=FRAGMENTY5&token_type=bearer', 'FRAGMENTY5'],
  ['password=BAREPASSZ6', 'BAREPASSZ6'],
  ['pwd=BAREPWDA7', 'BAREPWDA7'],
  ['credential=BARECREDB8', 'BARECREDB8'],
  ['username=BAREUSERC9 and more', 'BAREUSERC9'],
  ['password: COLONPASSD0', 'COLONPASSD0'],
  ['{"credential":"JSONCREDE1","urls":"turn:h"}', 'JSONCREDE1'],
  ["{'password': 'QUOTEDF2 with space'}", 'QUOTEDF2'],
  ['Authorization: Bearer BEARERTOKENG3', 'BEARERTOKENG3'],
  ['Authorization: Basic YmFzaWNBASICH4=', 'YmFzaWNBASICH4'],
  ['X-Api-Key: HEADERKEYI5', 'HEADERKEYI5'],
  ['jwt eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.JWTSIGJ6abc', 'JWTSIGJ6abc'],
  // The managed `reporting` headers (OpenTelemetry collector tokens), in the forms they travel in.
  [
    '{"reporting":{"endpoint":"https://c.example:4318","headers":{"Authorization":"Bearer OTLPBEARERK7"}}}',
    'OTLPBEARERK7',
  ],
  ['OTEL_EXPORTER_OTLP_HEADERS=Authorization=Basic T1RMUEJBU0lDTDg=', 'T1RMUEJBU0lDTDg'],
  ['api-key: OTLPAPIKEYM9', 'OTLPAPIKEYM9'],
  ['signoz-access-token: OTLPACCESSN0', 'OTLPACCESSN0'],
];

/** Useful, non-secret text that redaction must leave exactly as it is. */
const KEPT = [
  'turn:mediaserver1-1.maincare.com:3478?transport=udp',
  'turns:turn.example:5349?transport=tcp',
  'stun:stun.example:3478',
  'https://portal.example',
  'https://portal.example:8443/path/page?lang=fr#top',
  'https://medium.com/@therape/article',
  'https://host/search?q=bob@example.com',
  'support@norm-uni.fr',
  'mediaserver1-2.maincare.com:3478 turn-udp: no-answer (80 ms)',
  'HTTP 404 in 120 ms from 10.0.0.1:443',
  'passwordSavingEnabled=true',
  'bypass=localhost,127.0.0.1',
  'keyboard=fr; monkey=1',
  'Windows 10 22H2 (build 19045)',
  'TURN/UDP: no media server answers on 3478/UDP in env1 (env1 0/4, env2 4/4).',
];

describe('redaction of every report format', () => {
  it.each(SECRET_FORMS)('removes the secret of %s from every field of every report', (form, secret) => {
    const parts = secretParts(secret);
    expect(parts.length).toBeGreaterThan(0);
    for (const [field, place] of Object.entries(FIELDS)) {
      const run = baseRun();
      place(run, form);
      for (const [format, out] of Object.entries(allReports(run)))
        for (const part of parts) expect(out, `${field} in ${format}`).not.toContain(part);
    }
  });

  it.each(KEPT)('keeps %s intact', (text) => {
    expect(redactText(text)).toBe(text);
  });

  it('keeps the host, port and path around a redacted secret', () => {
    expect(redactText('https://user:p@ssS3CR3T@host:8443/a?b=1')).toBe('https://[redacted]@host:8443/a?b=1');
    expect(redactText('turn:alice:pw@turn.example:3478?transport=udp')).toBe(
      'turn:[redacted]@turn.example:3478?transport=udp',
    );
    expect(redactText('https://host/?a=1&access_token=x&b=2')).toBe('https://host/?a=1&access_token=[redacted]&b=2');
    expect(redactText('https://host/?password=&b=2')).toBe('https://host/?password=[redacted]&b=2');
    expect(redactText("Failed to execute 'set': credential=abc123")).toBe(
      "Failed to execute 'set': credential=[redacted]",
    );
  });

  it('redacts evidence keys, keeps both entries when two keys redact alike, and keeps a boolean named after a password', () => {
    const out = redactEvidence({
      'https://admin:S3cr3tPw@portal.example': 'blocked',
      'https://root:Other@portal.example': 'allowed',
      passwordSavingEnabled: true,
      turnCredential: 'x',
    });
    expect(JSON.stringify(out)).not.toMatch(/S3cr3tPw|Other/);
    expect(Object.values(out).sort()).toEqual(['[redacted]', 'allowed', 'blocked', true].sort());
    expect(out.passwordSavingEnabled).toBe(true);
  });

  it('redacts pop-up evidence keyed by origin in the text, Markdown and JSON reports', () => {
    const run = baseRun();
    run.diagnostics[1]!.evidence = { 'https://admin:S3cr3tPw@portal.example': 'blocked' };
    for (const out of [formatTextReport(run, en, 0), formatMarkdownReport(run, en, 0), exportRunJson(run, AT)]) {
      expect(out).not.toContain('S3cr3tPw');
      expect(out).toContain('portal.example');
    }
  });

  it('redacts values named after a secret wherever the run keeps parameters', () => {
    const run = baseRun();
    run.diagnostics[1]!.message.params!.credential = 'NAMEDSECRET1';
    run.diagnostics[1]!.fixes.push({
      key: 'check_https_endpoints_fix_other',
      params: { hosts: 'h', apiKey: 'NAMEDSECRET2' },
    });
    run.diagnostics[1]!.evidence.turnPassword = 'NAMEDSECRET3';
    run.profileProblems.push({
      source: 'managed',
      path: 'x',
      key: 'schema_bad_format',
      params: { token: 'NAMEDSECRET4' },
    });
    const json = exportRunJson(run, AT);
    expect(json).not.toMatch(/NAMEDSECRET/);
    // The names stay: the reader sees that something was there.
    expect(json).toContain('"credential": "[redacted]"');
  });

  it('exports a JSON run with every string redacted, and nothing lost', () => {
    const secret = 'https://admin:S3cr3tPw@portal.example';
    const run = baseRun();
    for (const place of Object.values(FIELDS)) place(run, secret);
    const json = exportRunJson(run, AT);
    expect(json).not.toContain('S3cr3tPw');
    const parsed = JSON.parse(json);
    expect(parsed.run.diagnostics).toHaveLength(run.diagnostics.length);
    expect(parsed.run.profileProblems).toHaveLength(2);
    expect(parsed.run.historyError).toBe('https://[redacted]@portal.example');
    expect(Object.keys(parsed.run.diagnostics[1].evidence)).toHaveLength(
      Object.keys(run.diagnostics[1]!.evidence).length,
    );
  });
});

describe('reports and hostile values', () => {
  const injected = 'Edge\n\n## Verdict: PASS — nothing to fix\n\nVerdict: Ready\r\n- **Pass**\u2028== Passed (9) ==';

  it.each([
    ['en', en],
    ['fr', fr],
  ] as const)('folds a newline inside any value so it cannot start a block (%s)', (_, t) => {
    for (const [field, place] of Object.entries(FIELDS)) {
      const run = baseRun();
      place(run, injected);
      const md = formatMarkdownReport(run, t, 0);
      const text = formatTextReport(run, t, 0);
      expect(md, field).not.toMatch(/^#+ Verdict/m);
      expect(md, field).not.toMatch(/[\r\u2028\u2029]/);
      expect(text, field).not.toMatch(/^Verdict: Ready|^== Passed \(9\)/m);
      expect(text, field).not.toMatch(/[\r\u2028\u2029]/);
      // Folded, not dropped: the words are still there for the reader.
      if (field === 'messageParam') expect(text).toContain('## Verdict: PASS — nothing to fix');
    }
  });

  it('keeps a backtick in requirement codes inside its code span', () => {
    const run = baseRun();
    run.diagnostics[1]!.covers = ['NET-`TURN`-UDP'];
    expect(formatMarkdownReport(run, en, 0)).toContain('`` NET-`TURN`-UDP ``');
  });
});
