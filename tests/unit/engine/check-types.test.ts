import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const FIXTURE = join(__dirname, 'fixtures/undeclared-message.ts');

/** Type errors of the fixture, compiled with the project's own compiler options: where, and the full text. */
function fixtureErrors(): { at: number; text: string }[] {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  )!;
  const program = ts.createProgram([FIXTURE], config.options);
  const source = program.getSourceFile(FIXTURE)!;
  return ts
    .getPreEmitDiagnostics(program, source)
    .map((d) => ({ at: d.start ?? -1, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') }));
}

describe('a check cannot return a message or fix it does not declare (defineCheck)', () => {
  // Compiling takes a few seconds: one program for the three cases.
  const errors = fixtureErrors();
  const fixture = ts.sys.readFile(FIXTURE)!;
  /** Errors inside one `export const <name> = defineCheck(...)` of the fixture. */
  const errorsIn = (name: string) => {
    const start = fixture.indexOf(`export const ${name} `);
    const end = fixture.indexOf('\n});', start);
    expect(start).toBeGreaterThanOrEqual(0);
    return errors.filter((e) => e.at > start && e.at < end);
  };

  it('compiles a check whose message and fix are declared', () => {
    expect(errorsIn('declaredOnly')).toEqual([]);
  });

  it('rejects an undeclared message at compile time, naming it', () => {
    const found = errorsIn('undeclaredMessage');
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain(`Type '"undeclared_message"' is not assignable to type '"pass" | "fix_declared"'`);
  });

  it('rejects an undeclared fix key at compile time, naming it', () => {
    const found = errorsIn('undeclaredFix');
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain(`Type '"fix_undeclared"' is not assignable to type '"pass" | "fix_declared"'`);
  });

  it('reports nothing else in the fixture (the two errors above are the only ones)', () => {
    expect(errors).toHaveLength(2);
  });
});
