import type { Evidence } from '../engine/types';

/**
 * Redaction, the one gate every report string passes (text, Markdown and JSON): checks
 * never put secrets in a run, this is the second line of defence against a profile, a
 * browser message or a stored run that carries one.
 */
export const REDACTED = '[redacted]';

/** Last words of a name that says its value is a secret: `turnCredential`, `x-api-key`, `session_id`. */
const SECRET_WORDS = new Set([
  'password',
  'passwd',
  'passphrase',
  'pwd',
  'pass',
  'secret',
  'token',
  'credential',
  'credentials',
  'auth',
  'authorization',
  'apikey',
  'key',
  'sig',
  'signature',
  'cookie',
  'session',
  'sessionid',
  'sid',
  'username',
  'user',
  'jwt',
  'otp',
]);
/** Secret words that may be glued to another word: `accesstoken`, `TURNPASSWORD`. */
const GLUED_SECRET = /(?:password|passwd|secret|token|credentials?|apikey|cookie)$/;

/** Whether a field, parameter or query name says its value is a secret. */
export function isSecretName(name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
  const last = words[words.length - 1] ?? '';
  return SECRET_WORDS.has(last) || SECRET_WORDS.has(words.slice(-2).join('')) || GLUED_SECRET.test(last);
}

/** `name = value`, `name: value`, `"name": "value"`: where a value starts. */
const PAIR = /(?<![\w.-])(["']?)([\w.-]+)\1(\s*[=:]\s*)/g;
/** An HTTP authorization scheme, kept before the redacted credentials. */
const AUTH_SCHEME = /(?:Bearer|Basic|Digest|Negotiate|NTLM|Token)\s+/iy;

/** Where the value starting at `start` ends, and what the reader sees instead. */
function secretValue(text: string, start: number, urlParameter: boolean): { end: number; shown: string } {
  const quote = text[start];
  if (quote === '"' || quote === "'")
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '\\') i++;
      else if (text[i] === quote) return { end: i + 1, shown: `${quote}${REDACTED}${quote}` };
    }
  AUTH_SCHEME.lastIndex = start;
  const scheme = urlParameter ? '' : (AUTH_SCHEME.exec(text)?.[0] ?? '');
  // A query or fragment parameter ends at `&` or `#`; elsewhere a value runs to white space.
  const stop = urlParameter ? /[\s&#]/ : /\s/;
  let end = start + scheme.length;
  while (end < text.length && !stop.test(text[end]!)) end++;
  return { end, shown: `${scheme}${REDACTED}` };
}

/**
 * The value of every pair whose name names a secret (`?access_token=x&b=1`, `password: x`,
 * `{"credential":"x y"}`, `Authorization: Bearer x`). A pair with another name is read past,
 * not over: its value may hold a secret pair (`'set': credential=x`).
 */
function redactPairs(text: string): string {
  let out = '';
  let from = 0;
  PAIR.lastIndex = 0;
  for (let match = PAIR.exec(text); match; match = PAIR.exec(text)) {
    const [whole, , name, separator] = match as unknown as [string, string, string, string];
    const before = text[match.index - 1] ?? '';
    const start = match.index + whole.length;
    // "turn:user:pw@host" is user info (redacted below), not a field named "user".
    if (!isSecretName(name) || (before === ':' && separator.includes(':'))) {
      PAIR.lastIndex = start;
      continue;
    }
    const value = secretValue(text, start, separator.trim() === '=' && before !== '' && '?&#;'.includes(before));
    out += text.slice(from, start) + value.shown;
    from = PAIR.lastIndex = value.end;
  }
  return out + text.slice(from);
}

/**
 * URL user info, per the URL standard: the authority ends at `/ ? # \` or white space and
 * the user info is everything before its LAST `@`, so a raw `@` in a password goes too.
 */
const SCHEME_USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)[^\s/?#\\]*@/gi;
/** `turn:user:pw@host` (ICE URLs, no `//`) and a bare `user:pw@host`; a `mailto:` address is no secret. */
const OPAQUE_USERINFO =
  /(^|[\s"'`(<[{,;=|])(?:((?:turns?|stuns?|sips?|xmpp|socks[45]?h?):)[^\s/?#\\]*|(?!mailto:)[^\s/?#\\:=,;"'`<>@]+:[^\s/?#\\"`<>]*)@/gi;
const JWT = /\beyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]*/g;
const BEARER = /\bBearer\s+[\w.~+/=-]{8,}/g;

/** Removes URL user info, secret-named parameters and values, bearer tokens and JWTs from text. */
export function redactText(text: string): string {
  let out = text;
  // Each pattern needs a mark (most strings, ids and keys, hold none): test for it first, cheaply.
  const pairs = /[=:]/.test(out);
  const userinfo = out.includes('@');
  if (userinfo) out = out.replace(SCHEME_USERINFO, `$1${REDACTED}@`);
  if (pairs) out = redactPairs(out);
  if (userinfo) out = out.replace(OPAQUE_USERINFO, (_, lead: string, scheme = '') => `${lead}${scheme}${REDACTED}@`);
  if (out.includes('eyJ')) out = out.replace(JWT, REDACTED);
  if (out.includes('Bearer')) out = out.replace(BEARER, `Bearer ${REDACTED}`);
  return out;
}

/** Line breaks (CR, LF, NEL, LS, PS, VT, FF) folded to a space; other control characters shown as �. */
export function foldLines(text: string): string {
  return (
    text
      .replace(/\r\n|[\n\r\u0085\u2028\u2029\v\f]/g, ' ')
      // eslint-disable-next-line no-control-regex -- terminal escapes and NUL must not reach a ticket or a console
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g, '\ufffd')
  );
}

/** What every interpolated value of the text and Markdown reports goes through. */
export const reportText = (text: string) => foldLines(redactText(text));

/** Maps whose keys are names chosen by a check or a schema: a secret-named key hides its value. */
const NAMED_MAPS = new Set(['evidence', 'params']);

/**
 * A copy of `value` with every string (keys included) passed through `text`, and the value
 * of every secret-named key of an `evidence` or `params` map replaced. Two keys that redact
 * alike are both kept ("key (2)"): nothing is lost.
 */
export function redactDeep<T>(value: T, text: (s: string) => string = redactText, named = false): T {
  if (typeof value === 'string') return text(value) as T;
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, text)) as T;
  if (!value || typeof value !== 'object') return value;
  const used = new Set<string>();
  const entries = Object.entries(value).map(([key, item]) => {
    const redactedKey = text(key);
    let safeKey = redactedKey;
    for (let n = 2; used.has(safeKey); n++) safeKey = `${redactedKey} (${n})`;
    used.add(safeKey);
    const hidden = named && isSecretName(key) && typeof item !== 'boolean' && item !== null;
    return [safeKey, hidden ? REDACTED : redactDeep(item, text, NAMED_MAPS.has(key))];
  });
  // fromEntries defines own properties: a "__proto__" key stays data.
  return Object.fromEntries(entries) as T;
}

/** Evidence as it may leave the machine: keys and string values scrubbed, secret-named values hidden. */
export const redactEvidence = (evidence: Evidence): Evidence => redactDeep(evidence, redactText, true);
