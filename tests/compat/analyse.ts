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
 * 3. events: every `x.addEventListener('e', …)` and `x.one = …` whose event name is a Web API
 *    event in @mdn/browser-compat-data (`api.X.e_event`) names an event that some interface
 *    fires in both minimums, unless the registration is guarded. A missing event never
 *    throws: the listener just never runs, so code that waits for it judges silence.
 *    Guarded means: the registration sits in the branch taken only when the event exists,
 *    i.e. the consequent of an `if` or `?:`, or the right of `&&`, whose condition holds the
 *    feature test `'one' in <expr>`, directly or through `&&`, or through a name bound in an
 *    enclosing scope to an expression that does (`const ok = 'one' in P`), or to a function
 *    whose every `return` does (`function ok() { return 'one' in P }`, called as `ok()`).
 *    Negations, early returns and parameters are not followed: they do not count as guards.
 */
export interface Targets {
  chrome: number;
  firefox: number;
}
export const MINIMUMS: Targets = { chrome: 116, firefox: 102 };
export const ECMA_VERSION = 2022;

export interface Finding {
  kind: 'syntax' | 'regexp-flag' | 'builtin' | 'global' | 'extension-api' | 'event';
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

/** Event name → the interfaces that fire it, per @mdn/browser-compat-data (`api.X.<name>_event`). */
const EVENTS = new Map<string, { iface: string; compat: Compat }[]>();
for (const [iface, api] of Object.entries(webApis))
  for (const [key, compat] of Object.entries(api))
    if (key.endsWith('_event')) {
      const name = key.slice(0, -'_event'.length);
      EVENTS.set(name, [...(EVENTS.get(name) ?? []), { iface, compat: compat as Compat }]);
    }

/** The value of a string literal, also as minifiers write it (a template with no `${}`). */
function staticString(node: AnyNode | undefined): string | undefined {
  if (node?.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node?.type === 'TemplateLiteral' && (node.expressions as AnyNode[]).length === 0)
    return ((node.quasis as AnyNode[])[0]!.value as { cooked: string }).cooked;
  return undefined;
}

type Binding = { node: AnyNode; scope: AnyNode[] } | undefined;

/** The declaration `name` refers to from inside `scope` (innermost ancestors last), lexically. */
function resolveName(name: string, scope: AnyNode[]): Binding {
  for (let i = scope.length - 1; i >= 0; i--) {
    const node = scope[i]!;
    if (/Function/.test(node.type)) {
      // A parameter: its value is unknown here.
      if ((node.params as AnyNode[]).some((p) => p.type === 'Identifier' && p.name === name)) return undefined;
    } else if (node.type === 'BlockStatement' || node.type === 'Program') {
      for (const statement of node.body as AnyNode[]) {
        const declaration = (statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement) as
          AnyNode | undefined;
        if (declaration?.type === 'FunctionDeclaration' && (declaration.id as AnyNode).name === name)
          return { node: declaration, scope: scope.slice(0, i + 1) };
        if (declaration?.type === 'VariableDeclaration')
          for (const d of declaration.declarations as AnyNode[])
            if ((d.id as AnyNode).type === 'Identifier' && (d.id as AnyNode).name === name)
              return d.init ? { node: d.init as AnyNode, scope: scope.slice(0, i + 1) } : undefined;
      }
    }
  }
  return undefined;
}

/** The `return` arguments of a function, not of the functions nested in it. */
function returnedValues(fn: AnyNode): AnyNode[] {
  if (fn.expression) return [fn.body as AnyNode];
  const values: AnyNode[] = [];
  const visit = (node: unknown) => {
    if (!node || typeof node !== 'object') return;
    if (Array.isArray(node)) return node.forEach(visit);
    const n = node as AnyNode;
    if (typeof n.type !== 'string' || /Function/.test(n.type)) return;
    if (n.type === 'ReturnStatement') values.push(n.argument as AnyNode);
    for (const [key, value] of Object.entries(n)) if (key !== 'type') visit(value);
  };
  visit((fn.body as AnyNode).body);
  return values;
}

/** Does `test` hold only when `'on<event>' in …` is true? (see 3. above) */
function provesEvent(test: AnyNode | undefined, event: string, scope: AnyNode[], seen = new Set<AnyNode>()): boolean {
  if (!test || seen.has(test)) return false;
  seen.add(test);
  switch (test.type) {
    case 'BinaryExpression':
      return test.operator === 'in' && staticString(test.left as AnyNode) === `on${event}`;
    case 'LogicalExpression':
      return (
        test.operator === '&&' &&
        (provesEvent(test.left as AnyNode, event, scope, seen) ||
          provesEvent(test.right as AnyNode, event, scope, seen))
      );
    case 'SequenceExpression':
      return provesEvent((test.expressions as AnyNode[]).at(-1), event, scope, seen);
    case 'Identifier': {
      const binding = resolveName(test.name as string, scope);
      return Boolean(binding && provesEvent(binding.node, event, binding.scope, seen));
    }
    case 'CallExpression': {
      const callee = test.callee as AnyNode;
      const binding = callee.type === 'Identifier' ? resolveName(callee.name as string, scope) : undefined;
      const fn = binding?.node;
      if (!fn || !/Function/.test(fn.type)) return false;
      const values = returnedValues(fn);
      return values.length > 0 && values.every((v) => provesEvent(v, event, [...binding.scope, fn], seen));
    }
    default:
      return false;
  }
}

/** Is the registration (last of `path`) only reached when the event exists? */
function isGuarded(path: AnyNode[], event: string): boolean {
  for (let i = path.length - 2; i >= 0; i--) {
    const parent = path[i]!;
    const child = path[i + 1];
    const scope = path.slice(0, i + 1);
    if (
      ((parent.type === 'IfStatement' || parent.type === 'ConditionalExpression') &&
        parent.consequent === child &&
        provesEvent(parent.test as AnyNode, event, scope)) ||
      (parent.type === 'LogicalExpression' &&
        parent.operator === '&&' &&
        parent.right === child &&
        provesEvent(parent.left as AnyNode, event, scope))
    )
      return true;
  }
  return false;
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
  // Events: `x.addEventListener('e', …)` and `x.one = …`.
  const onEvent = (event: string | undefined, path: AnyNode[]) => {
    const fired = event === undefined ? undefined : EVENTS.get(event);
    if (!fired || fired.some((f) => missingIn(f.compat).length === 0) || isGuarded(path, event!)) return;
    findings.push({
      kind: 'event',
      name: event!,
      detail: `missing in ${missingIn(fired[0]!.compat).join(', ')} (${fired.map((f) => f.iface).join(', ')})`,
    });
  };
  const property = (member: AnyNode) =>
    member.type === 'MemberExpression' && !member.computed ? ((member.property as AnyNode).name as string) : undefined;
  ancestor(ast, {
    CallExpression: (node, _state, path) => {
      const call = node as unknown as AnyNode;
      if (property(call.callee as AnyNode) === 'addEventListener')
        onEvent(staticString((call.arguments as AnyNode[])[0]), path as AnyNode[]);
    },
    AssignmentExpression: (node, _state, path) => {
      const name = property((node as unknown as AnyNode).left as AnyNode);
      if (name && /^on[a-z]+$/.test(name)) onEvent(name.slice(2), path as AnyNode[]);
    },
  });
  ancestor(ast, { CallExpression: onCall, NewExpression: onCall });
  return findings;
}
