import bcd from '@mdn/browser-compat-data' with { type: 'json' };
import { parse, type Node } from 'acorn';
import { ancestor } from 'acorn-walk';

/**
 * Static proof that shipped JavaScript runs on the minimum browsers, which cannot run here:
 * 1. syntax: every file parses at the ECMAScript level both minimums support (Firefox 102
 *    and Chrome 116 both implement ES2022; ES2023 adds no syntax they share, and later
 *    editions add syntax Firefox 102 rejects), and no RegExp is built with flags they lack
 *    (Vite lowers a `v`-flag literal into `new RegExp(…, 'v')`, which throws on Firefox < 116);
 * 2. APIs: every call of a JS built-in method, a global, or an extension API exists in
 *    both minimums per @mdn/browser-compat-data, unless the call is a feature test
 *    (an optional call `x.f?.()` or on `x?.f()`), which cannot throw when the API is absent.
 */
export interface Targets {
  chrome: number;
  firefox: number;
}
export const MINIMUMS: Targets = { chrome: 116, firefox: 102 };
export const ECMA_VERSION = 2022;

export interface Finding {
  kind: 'syntax' | 'regexp-flag' | 'builtin' | 'global' | 'extension-api';
  name: string;
  detail: string;
}

type Support = {
  version_added: string | boolean | null;
  version_removed?: string | boolean;
  flags?: unknown;
  prefix?: string;
  alternative_name?: string;
};
type Compat = { __compat?: { support: Record<string, Support | Support[]> } } & Record<string, unknown>;

const versionOf = (v: string | boolean | null | undefined) =>
  typeof v === 'string' ? Number.parseFloat(v.replace(/^≤/, '')) : v === true ? 0 : Number.POSITIVE_INFINITY;

/** Does the browser have this feature at `version`, unflagged and unprefixed? */
export function supported(compat: Compat | undefined, browser: 'chrome' | 'firefox', version: number): boolean {
  const support = compat?.__compat?.support[browser];
  if (!support) return false;
  return (Array.isArray(support) ? support : [support]).some(
    (s) =>
      !s.flags &&
      !s.prefix &&
      !s.alternative_name &&
      versionOf(s.version_added) <= version &&
      (s.version_removed === undefined || s.version_removed === false || versionOf(s.version_removed) > version),
  );
}

const builtins = bcd.javascript.builtins as unknown as Record<string, Compat>;
const webApis = bcd.api as unknown as Record<string, Compat>;
const extensionApis = bcd.webextensions.api as unknown as Record<string, Compat>;

/** Every built-in member with this name (Array.findLast, TypedArray.findLast…). */
function builtinMembers(name: string): Compat[] {
  return Object.values(builtins)
    .map((b) => b[name] as Compat | undefined)
    .filter((c): c is Compat => Boolean(c?.__compat));
}

const RESERVED = new Set(['__compat']);

const webApiMemberCache = new Map<string, Set<string>>();
/** Names of Web API members that exist in both minimums. */
function supportedWebApiMembers(targets: Targets): Set<string> {
  const key = `${targets.chrome}/${targets.firefox}`;
  let names = webApiMemberCache.get(key);
  if (!names) {
    names = new Set();
    for (const api of Object.values(webApis))
      for (const [name, member] of Object.entries(api))
        if (
          name !== '__compat' &&
          supported(member as Compat, 'chrome', targets.chrome) &&
          supported(member as Compat, 'firefox', targets.firefox)
        )
          names.add(name);
    webApiMemberCache.set(key, names);
  }
  return names;
}

interface AnyNode extends Node {
  [key: string]: unknown;
}

/** True when the call cannot throw for a missing API: `a.f?.()`, `a?.f()` or `a?.b.f()`. */
function isFeatureTested(call: AnyNode): boolean {
  if (call.optional) return true;
  let node = call.callee as AnyNode | undefined;
  while (node && node.type === 'MemberExpression') {
    if (node.optional) return true;
    node = node.object as AnyNode;
  }
  return false;
}

/** `a.b.c` → ['a','b','c'] (computed or non-identifier parts end the chain). */
function chain(node: AnyNode): string[] {
  if (node.type === 'Identifier') return [node.name as string];
  if (node.type === 'ThisExpression') return ['this'];
  if (node.type === 'MemberExpression' && !node.computed && (node.property as AnyNode).type === 'Identifier')
    return [...chain(node.object as AnyNode), (node.property as AnyNode).name as string];
  if (node.type === 'MemberExpression' || node.type === 'CallExpression' || node.type === 'ChainExpression')
    return ['?'];
  return ['?'];
}

function declaredNames(ast: Node): Set<string> {
  const names = new Set<string>();
  const add = (pattern: AnyNode | null | undefined) => {
    if (!pattern) return;
    if (pattern.type === 'Identifier') names.add(pattern.name as string);
    else if (pattern.type === 'ObjectPattern')
      (pattern.properties as AnyNode[]).forEach((p) => add((p.value ?? p.argument) as AnyNode));
    else if (pattern.type === 'ArrayPattern') (pattern.elements as AnyNode[]).forEach(add);
    else if (pattern.type === 'RestElement') add(pattern.argument as AnyNode);
    else if (pattern.type === 'AssignmentPattern') add(pattern.left as AnyNode);
  };
  const field = (node: unknown, key: string) => (node as AnyNode)[key] as AnyNode;
  const params = (node: unknown) => ((node as AnyNode).params as AnyNode[]).forEach(add);
  ancestor(ast, {
    VariableDeclarator: (n) => add(field(n, 'id')),
    FunctionDeclaration: (n) => {
      add(field(n, 'id'));
      params(n);
    },
    FunctionExpression: params,
    ArrowFunctionExpression: params,
    ClassDeclaration: (n) => add(field(n, 'id')),
    CatchClause: (n) => add(field(n, 'param')),
    ImportSpecifier: (n) => add(field(n, 'local')),
    ImportDefaultSpecifier: (n) => add(field(n, 'local')),
    ImportNamespaceSpecifier: (n) => add(field(n, 'local')),
  });
  return names;
}

/** Checks one JavaScript file; returns what would break on the minimum browsers. */
export function analyse(code: string, targets: Targets = MINIMUMS): Finding[] {
  let ast: Node;
  try {
    ast = parse(code, { ecmaVersion: ECMA_VERSION, sourceType: 'module', allowHashBang: true });
  } catch (error) {
    return [{ kind: 'syntax', name: 'parse', detail: `not ES${ECMA_VERSION}: ${(error as Error).message}` }];
  }
  const findings: Finding[] = [];
  const missingIn = (compat: Compat | undefined) =>
    (['chrome', 'firefox'] as const).filter((b) => !supported(compat, b, targets[b])).map((b) => `${b} ${targets[b]}`);
  const declared = declaredNames(ast);

  const onCall = (node: Node) => {
    const call = node as AnyNode;
    const callee = call.callee as AnyNode;
    const names = chain(callee);
    // RegExp built at run time with flags the minimums lack.
    if (names.length === 1 && names[0] === 'RegExp') {
      const flags = (call.arguments as AnyNode[])[1];
      if (flags?.type === 'Literal' && typeof flags.value === 'string' && /v/.test(flags.value))
        findings.push({
          kind: 'regexp-flag',
          name: `RegExp(…, '${flags.value}')`,
          detail: 'the v flag needs Firefox 116',
        });
    }
    if (isFeatureTested(call)) return;
    if (names.length === 1) {
      const name = names[0]!;
      if (declared.has(name) || RESERVED.has(name)) return;
      const compat = webApis[name] ?? builtins[name];
      if (!compat) return;
      const missing = missingIn(compat);
      if (missing.length) findings.push({ kind: 'global', name, detail: `missing in ${missing.join(', ')}` });
      return;
    }
    const method = names[names.length - 1]!;
    // Static members of globals: Iterator.from(), Object.groupBy(), Promise.withResolvers()…
    const root = names[0]!;
    if (names.length === 2 && !declared.has(root)) {
      const global = builtins[root] ?? webApis[root];
      const member = global?.[method] as Compat | undefined;
      if (global?.__compat) {
        const missing = missingIn(member?.__compat ? member : global);
        if (missing.length)
          findings.push({ kind: 'global', name: `${root}.${method}`, detail: `missing in ${missing.join(', ')}` });
        if (member?.__compat) return;
      }
    }
    // Extension APIs: <anything>.<namespace>.<member>[...]()
    const nsIndex = names.findIndex((part, i) => i > 0 && extensionApis[part] !== undefined);
    if (nsIndex > 0 && names.length > nsIndex + 1) {
      const ns = names[nsIndex]!;
      const member = names[nsIndex + 1]!;
      const compat = extensionApis[ns]?.[member] as Compat | undefined;
      if (compat?.__compat) {
        const missing = missingIn(compat);
        if (missing.length)
          findings.push({ kind: 'extension-api', name: `${ns}.${member}`, detail: `missing in ${missing.join(', ')}` });
        return;
      }
    }
    // Built-in methods: flag a name only when no built-in nor Web API member with that
    // name exists in both minimums (console.error is not the missing SuppressedError…).
    const members = builtinMembers(method);
    if (members.length && members.every((c) => missingIn(c).length > 0) && !supportedWebApiMembers(targets).has(method))
      findings.push({ kind: 'builtin', name: method, detail: `missing in ${missingIn(members[0]).join(', ')}` });
  };
  ancestor(ast, { CallExpression: onCall, NewExpression: onCall });
  return findings;
}
