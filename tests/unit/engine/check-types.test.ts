import { join, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../../..');
const FIXTURES = ['undeclared-message.ts', 'unnamed-port.ts'].map((name) => join(__dirname, 'fixtures', name));

/** Type errors of each fixture, compiled with the project's own compiler options: where, and the full text. */
function fixtureErrors(): Map<string, { at: number; text: string }[]> {
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
  const program = ts.createProgram(FIXTURES, config.options);
  return new Map(
    FIXTURES.map((file) => [
      file,
      ts
        .getPreEmitDiagnostics(program, program.getSourceFile(file)!)
        .map((d) => ({ at: d.start ?? -1, text: ts.flattenDiagnosticMessageText(d.messageText, '\n') })),
    ]),
  );
}

// Compiling takes a few seconds: one program for every case.
const ALL_ERRORS = fixtureErrors();

/** A fixture's errors, and those inside one `export const <name> = …` of it (up to the next blank line). */
function fixture(index: number) {
  const file = FIXTURES[index]!;
  const errors = ALL_ERRORS.get(file)!;
  const text = ts.sys.readFile(file)!;
  const errorsIn = (name: string) => {
    const start = text.indexOf(`export const ${name} `);
    const end = text.indexOf('\n\n', start);
    expect(start).toBeGreaterThanOrEqual(0);
    return errors.filter((e) => e.at > start && (end < 0 || e.at < end));
  };
  /** `name` is rejected with one error, whose text holds `text`. */
  const rejected = (name: string, text: string) => {
    const found = errorsIn(name);
    expect(found).toHaveLength(1);
    expect(found[0]!.text).toContain(text);
  };
  return { errors, errorsIn, rejected };
}

describe('a check cannot return a message or fix it does not declare (defineCheck)', () => {
  const { errors, errorsIn, rejected } = fixture(0);

  it('compiles a check whose message and fix are declared', () => {
    expect(errorsIn('declaredOnly')).toEqual([]);
  });

  it('rejects an undeclared message at compile time, naming it', () => {
    rejected('undeclaredMessage', `Type '"undeclared_message"' is not assignable to type '"pass" | "fix_declared"'`);
  });

  it('rejects an undeclared fix key at compile time, naming it', () => {
    rejected('undeclaredFix', `Type '"fix_undeclared"' is not assignable to type '"pass" | "fix_declared"'`);
  });

  it('reports nothing else in the fixture (the two errors above are the only ones)', () => {
    expect(errors).toHaveLength(2);
  });
});

describe('a check touches only the platform ports it names, and its test fakes only those', () => {
  const { errors, errorsIn, rejected } = fixture(1);

  it('compiles a check naming its port (CheckContext<SystemFacts>), tested with that port alone', () => {
    expect(errorsIn('namedPort')).toEqual([]);
    expect(errorsIn('fakeOfItsPort')).toEqual([]);
  });

  it('rejects a check using a port without naming one', () => {
    rejected('noPortNamed', `'platform' is of type 'unknown'`);
  });

  it('rejects a check using a port other than the one it names', () => {
    rejected('otherPort', `Property 'httpProbe' does not exist on type 'SystemFacts'`);
  });

  it("rejects a test handing a check a fake of another port than the check's", () => {
    rejected('fakeOfAnotherPort', `'HttpProbes' is not assignable to parameter of type 'SystemFacts'`);
  });

  it('reports nothing else in the fixture', () => {
    expect(errors).toHaveLength(3);
  });
});
