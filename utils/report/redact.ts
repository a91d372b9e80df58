import type { Evidence } from '../engine/types';

const SECRET_KEY = /credential|password|passwd|secret|token|username|authorization|cookie/i;

/** Removes user:password@ from URLs and query values that look like secrets. */
export function redactText(text: string): string {
  return (
    text
      // scheme://user:pass@host and scheme:user:pass@host (turn:, stun:)
      .replace(/\b([a-z][a-z0-9+.-]*:(?:\/\/)?)[^/@\s]+@/gi, '$1[redacted]@')
      .replace(/([?&](?:credential|password|token|secret|username|key)=)[^&\s]+/gi, '$1[redacted]')
  );
}

/**
 * Evidence as it may leave the machine in a report: keys that name a secret are dropped
 * to "[redacted]", and every string value is scrubbed of URL credentials. Checks never put
 * secrets in evidence; this is the second line of defence.
 */
export function redactEvidence(evidence: Evidence): Evidence {
  const out: Evidence = {};
  for (const [key, value] of Object.entries(evidence)) {
    // A yes/no is never a secret (passwordSavingEnabled: the setting, not a password).
    if (SECRET_KEY.test(key) && typeof value !== 'boolean') out[key] = '[redacted]';
    else if (typeof value === 'string') out[key] = redactText(value);
    else if (Array.isArray(value))
      out[key] = (value as (string | number)[]).map((v) => (typeof v === 'string' ? redactText(v) : v)) as string[];
    else out[key] = value;
  }
  return out;
}
