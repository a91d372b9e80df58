import { describe, expect, it } from 'vitest';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { formatTextReport } from '../../../utils/report/text';
import type { RunRecord } from '../../../utils/run/types';
import { allReports, baseRun, en, FIELDS, fr, secretParts } from './fields';

/**
 * Fuzz tests over redaction and report structure. Deterministic: the seed is in each test's
 * name and in every failure message; rerun one with REPORT_FUZZ_SEED=<seed>.
 */
const SEED = Number(process.env.REPORT_FUZZ_SEED ?? 20261129);
/** About a second each on an idle machine; the bound is for a CI runner shared with browsers. */
const BOUND_MS = 60_000;

/** mulberry32: small, fast, good enough to spread cases. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number) => Math.floor(next() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chars = (alphabet: string, min: number, max: number) =>
    Array.from({ length: min + int(max - min + 1) }, () => alphabet[int(alphabet.length)]).join('');
  return { next, int, pick, chars };
}
type Rng = ReturnType<typeof prng>;

const ALNUM = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
/** What may appear raw inside URL user info (RFC 3986 sub-delims, ':' and the '@' people do type). */
const USERINFO_PUNCT = "@:!$&'()*+,;=%-._~";
/** Inside a query or fragment value ('&' and '#' end it, as the URL parser says). */
const QUERY_PUNCT = "!$'()*+,;=%-._~:@/?";
/** A bare `name=value` in prose: anything but white space. */
const BARE_PUNCT = '!"$%&\'()*+,-./:;<=>?@[\\]^_`{|}~#';
const QUOTED_PUNCT = "!$%&'()*+,-./:;<=>?@[]^_`{|}~# ";
const TOKEN_PUNCT = '-._~+/';
const SECRET_NAMES = [
  'password',
  'passwd',
  'pwd',
  'pass',
  'secret',
  'client_secret',
  'token',
  'access_token',
  'refresh_token',
  'id_token',
  'credential',
  'turnCredential',
  'auth',
  'authToken',
  'api_key',
  'apikey',
  'apiKey',
  'x-api-key',
  'key',
  'sig',
  'signature',
  'X-Amz-Signature',
  'session_id',
  'sessionid',
  'username',
  'user',
  'cookie',
];

/** A secret: random alphanumeric runs (long enough to spot a leak) joined by the form's punctuation. */
const secretFor = (rng: Rng, punct: string) =>
  Array.from({ length: 1 + rng.int(4) }, () => rng.chars(ALNUM, 6, 10)).join(rng.chars(punct, 1, 2));

const host = (rng: Rng) => `h${rng.chars(ALNUM, 6, 8)}.example`;

/** A form puts a secret in context; `kept` is what the reader must still see after redaction. */
type Form = (rng: Rng) => { text: string; secret: string; kept: string };
const FORMS: Record<string, Form> = {
  userinfo: (rng) => {
    const secret = secretFor(rng, USERINFO_PUNCT);
    const h = host(rng);
    const scheme = rng.pick(['https', 'http', 'wss', 'ws', 'ftp', 'HTTPS']);
    const user = rng.pick(['', `${rng.chars(ALNUM, 1, 6)}:`]);
    return { text: `${scheme}://${user}${secret}@${h}${rng.pick(['', ':8443', '/p?x=1', '#f'])}`, secret, kept: h };
  },
  turnUserinfo: (rng) => {
    const secret = secretFor(rng, USERINFO_PUNCT);
    const h = host(rng);
    return { text: `${rng.pick(['turn', 'turns', 'stun'])}:u:${secret}@${h}:3478?transport=udp`, secret, kept: h };
  },
  bareUserinfo: (rng) => {
    const secret = secretFor(rng, USERINFO_PUNCT);
    const h = host(rng);
    return { text: `via ${rng.chars(ALNUM, 1, 6)}:${secret}@${h}:8080`, secret, kept: h };
  },
  query: (rng) => {
    const secret = secretFor(rng, QUERY_PUNCT);
    const h = host(rng);
    const [lead, tail] = rng.pick([
      ['?', ''],
      ['?a=1&', '&b=2'],
      ['#', '&token_type=bearer'],
      ['?x=y#', ''],
    ] as const);
    return { text: `https://${h}/cb${lead}${rng.pick(SECRET_NAMES)}=${secret}${tail}`, secret, kept: h };
  },
  bare: (rng) => {
    const secret = secretFor(rng, BARE_PUNCT);
    return {
      text: `then ${rng.pick(SECRET_NAMES)}${rng.pick(['=', ': ', ':', ' = '])}${secret} ok`,
      secret,
      kept: 'then',
    };
  },
  quoted: (rng) => {
    const secret = secretFor(rng, QUOTED_PUNCT.replace(/ /g, ''));
    const q = rng.pick(['"', "'"]);
    const value = secretFor(rng, QUOTED_PUNCT).replaceAll(q, '') + secret.replaceAll(q, '');
    return {
      text: `{${q}${rng.pick(SECRET_NAMES)}${q}:${rng.pick(['', ' '])}${q}${value}${q},"urls":"turn:x"}`,
      secret: secret.replaceAll(q, ''),
      kept: 'turn:x',
    };
  },
  header: (rng) => {
    const secret = secretFor(rng, TOKEN_PUNCT);
    return {
      text: `Authorization: ${rng.pick(['Bearer', 'Basic', 'bearer'])} ${secret}`,
      secret,
      kept: 'Authorization',
    };
  },
};

/** Places where a value is named after a secret: the name itself says to redact it, whatever it looks like. */
const NAMED: Record<string, (run: RunRecord, name: string, value: string) => void> = {
  evidence: (run, name, value) => (run.diagnostics[1]!.evidence[name] = value),
  messageParam: (run, name, value) => (run.diagnostics[1]!.message.params![name] = value),
  fixParam: (run, name, value) =>
    run.diagnostics[1]!.fixes.push({ key: 'check_https_endpoints_fix_other', params: { hosts: 'h', [name]: value } }),
  problemParam: (run, name, value) =>
    run.profileProblems.push({ source: 'managed', path: 'x', key: 'schema_bad_format', params: { [name]: value } }),
};

describe(`redaction fuzz (seed ${SEED})`, () => {
  it(
    'never lets a random secret, in any form and any field, into any report; keeps the host',
    () => {
      const rng = prng(SEED);
      const fieldNames = Object.keys(FIELDS);
      const formNames = Object.keys(FORMS);
      for (let i = 0; i < 1000; i++) {
        const run = baseRun();
        const placed: { secret: string; kept: string; where: string }[] = [];
        // Distinct fields: a second value in the same field would replace the first.
        const fields = [...fieldNames];
        for (let n = 1 + rng.int(3); n > 0; n--) {
          const formName = rng.pick(formNames);
          const fieldName = fields.splice(rng.int(fields.length), 1)[0]!;
          const { text, secret, kept } = FORMS[formName]!(rng);
          FIELDS[fieldName]!(run, text);
          placed.push({ secret, kept, where: `${formName} in ${fieldName}: ${JSON.stringify(text)}` });
        }
        if (rng.next() < 0.5) {
          const secret = secretFor(rng, BARE_PUNCT + ' ');
          const where = rng.pick(Object.keys(NAMED));
          const name = rng.pick(SECRET_NAMES);
          NAMED[where]!(run, name, secret);
          placed.push({ secret, kept: name, where: `${JSON.stringify(secret)} named ${name} in ${where}` });
        }
        const reports = allReports(run, rng.pick([en, fr]));
        for (const { secret, kept, where } of placed) {
          for (const [format, out] of Object.entries(reports))
            for (const part of secretParts(secret))
              expect(out.includes(part), `seed ${SEED} case ${i}: ${where} leaks ${part} in ${format}`).toBe(false);
          expect(reports.jsonStrings.includes(kept), `seed ${SEED} case ${i}: ${where} lost ${kept}`).toBe(true);
        }
      }
    },
    BOUND_MS,
  );
});

/** Characters that mean something to Markdown or to a line-based reader, plus ordinary text. */
const HOSTILE = '#*_`~[]()<>|\\!-+=.:;\'"&@/?{}\n\r\t\u2028\u2029\u0085\u000b\f\u001b 0123456789 abcXYZ é—';

/** The block structure of Markdown as CommonMark reads line starts: one entry per block. */
export function markdownBlocks(md: string): string[] {
  const blocks: string[] = [];
  let fence: string | undefined;
  for (const line of md.split(/\r\n|\r|\n/)) {
    let kind: string;
    const fenceMatch = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence !== undefined) {
      if (fenceMatch?.[1]?.startsWith(fence)) fence = undefined;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1]!;
      kind = 'fence';
    } else if (/^\s*$/.test(line)) kind = 'blank';
    else if (/^ {0,3}(#{1,6})(\s|$)/.test(line)) kind = `h${/#+/.exec(line)![0].length}`;
    else if (/^ {0,3}>/.test(line)) kind = 'quote';
    else if (/^ {0,3}([-*_])( *\1){2,} *$/.test(line)) kind = 'hr';
    else if (/^ {0,3}(=+|-+) *$/.test(line)) kind = 'setext';
    else if (/^ *[-*+](\s|$)/.test(line)) kind = `li${/^ */.exec(line)![0].length >> 1}`;
    else if (/^ {0,3}\d{1,9}[.)](\s|$)/.test(line)) kind = 'ol';
    else if (/^ {0,3}</.test(line)) kind = 'html';
    else if (/^ {0,3}\[[^\]]+\]:/.test(line)) kind = 'linkdef';
    else if (/^ {4}/.test(line)) kind = blocks.at(-1) === 'blank' ? 'code' : 'para';
    else kind = 'para';
    // Lines of one paragraph are one block.
    if (kind === 'para' && (blocks.at(-1) === 'para' || blocks.at(-1)?.startsWith('li'))) continue;
    blocks.push(kind);
  }
  return blocks;
}

describe(`report structure fuzz (seed ${SEED})`, () => {
  it(
    'reads the Markdown back to the block structure of the same run with neutral values',
    () => {
      expect(markdownBlocks('## T\n\n- a\n  - b\n  more\n\n**v**\n> p\n```\n# x\n```\n')).toEqual([
        'h2',
        'blank',
        'li0',
        'li1',
        'blank',
        'para',
        'quote',
        'fence',
        'blank',
      ]);
      const rng = prng(SEED + 1);
      for (let i = 0; i < 600; i++) {
        const hostile = baseRun();
        const neutral = baseRun();
        let n = 0;
        for (const place of Object.values(FIELDS)) {
          if (rng.next() < 0.2) continue;
          place(hostile, rng.chars(HOSTILE, 0, 24));
          place(neutral, `x${n++}`);
        }
        hostile.diagnostics[1]!.covers = [rng.chars(HOSTILE, 1, 12)];
        neutral.diagnostics[1]!.covers = ['X'];
        const t = rng.pick([en, fr]);
        const md = formatMarkdownReport(hostile, t, 0);
        const where = `seed ${SEED + 1} case ${i}`;
        expect(markdownBlocks(md), `${where}:\n${md}`).toEqual(markdownBlocks(formatMarkdownReport(neutral, t, 0)));
        const text = formatTextReport(hostile, t, 0);
        const shape = (report: string) => report.split(/\r\n|[\n\r\u2028\u2029\u0085\v\f]/).map((l) => l.slice(0, 4));
        expect(shape(text), `${where}:\n${text}`).toEqual(shape(formatTextReport(neutral, t, 0)));
        // eslint-disable-next-line no-control-regex -- what the report must not contain
        expect(text, where).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
      }
    },
    BOUND_MS,
  );
});
