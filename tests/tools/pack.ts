/**
 * Self-hosted Chromium package for administrators, signed with THEIR key:
 *   npm run pack -- --key KEY.pem [--update-url URL] [--out DIR] [--version X.Y.Z] [--chromium PATH]
 * builds the Chrome/Edge extension with the key's public half as the manifest `key` (so the
 * extension id is the key's), packs it as a CRX3 with Chromium's own `--pack-extension`, and
 * with `--update-url` (where updates.xml will be served) writes updates.xml (gupdate format)
 * next to the CRX, the CRX expected in the same folder. Prints the extension id.
 * The key never leaves the admin's machine and is never read into the build.
 */
import { execFileSync } from 'node:child_process';
import { createHash, createPublicKey } from 'node:crypto';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface PackOptions {
  key: string;
  out: string;
  updateUrl?: string;
  version?: string;
  chromium?: string;
}

export interface Packed {
  id: string;
  version: string;
  crx: string;
  updatesXml?: string;
}

/** The DER SubjectPublicKeyInfo of a PEM private (or public) key. */
function publicKeyDer(pemFile: string): Buffer {
  return createPublicKey(readFileSync(pemFile)).export({ type: 'spki', format: 'der' });
}

/** Chromium's extension id: the first 128 bits of sha256(SPKI), hex digits 0-f written a-p. */
export function extensionIdOf(spki: Buffer): string {
  return [...createHash('sha256').update(spki).digest('hex').slice(0, 32)]
    .map((digit) => String.fromCharCode(97 + parseInt(digit, 16)))
    .join('');
}

/**
 * Builds one browser's extension into `outDir` with the build-time overrides of wxt.config.ts
 * (READINESS_MANIFEST_KEY, READINESS_UPDATE_URL, READINESS_VERSION); returns the build folder.
 */
export async function buildWith(
  browser: 'chrome' | 'firefox',
  outDir: string,
  env: { manifestKey?: string; updateUrl?: string; version?: string },
): Promise<string> {
  const vars = {
    READINESS_MANIFEST_KEY: env.manifestKey,
    READINESS_UPDATE_URL: env.updateUrl,
    READINESS_VERSION: env.version,
  };
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) if (v) process.env[k] = v;
  try {
    const { build } = await import('wxt');
    const output = await build({ browser, outDir, root: resolve(fileURLToPath(new URL('../..', import.meta.url))) });
    return join(outDir, output.manifest.manifest_version === 3 ? `${browser}-mv3` : `${browser}-mv2`);
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}

export async function pack(options: PackOptions): Promise<Packed> {
  const spki = publicKeyDer(options.key);
  const id = extensionIdOf(spki);
  const work = mkdtempSync(join(tmpdir(), 'readiness-pack-'));
  try {
    const dir = await buildWith('chrome', work, {
      manifestKey: spki.toString('base64'),
      updateUrl: options.updateUrl,
      version: options.version,
    });
    const version = (JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { version: string }).version;
    execFileSync(
      options.chromium ?? '/usr/lib/chromium/chromium',
      [
        '--headless',
        '--no-sandbox',
        `--user-data-dir=${join(work, 'profile')}`,
        `--pack-extension=${dir}`,
        `--pack-extension-key=${resolve(options.key)}`,
      ],
      { stdio: 'ignore' },
    );
    mkdirSync(options.out, { recursive: true });
    const crxName = `therape-readiness-${version}.crx`;
    const crx = join(options.out, crxName);
    copyFileSync(`${dir}.crx`, crx);
    let updatesXml: string | undefined;
    if (options.updateUrl) {
      updatesXml = join(options.out, 'updates.xml');
      const codebase = new URL(crxName, options.updateUrl).href;
      writeFileSync(
        updatesXml,
        `<?xml version='1.0' encoding='UTF-8'?>\n` +
          `<gupdate xmlns='http://www.google.com/update2/response' protocol='2.0'>\n` +
          `  <app appid='${id}'>\n` +
          `    <updatecheck codebase='${codebase}' version='${version}' />\n` +
          `  </app>\n` +
          `</gupdate>\n`,
      );
    }
    return { id, version, crx, updatesXml };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(`--${name}`);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const key = arg('key');
  if (!key) {
    console.error(
      'usage: npm run pack -- --key KEY.pem [--update-url URL] [--out DIR] [--version X.Y.Z] [--chromium PATH]',
    );
    process.exit(2);
  }
  const packed = await pack({
    key,
    out: arg('out') ?? '.output/self-hosted',
    updateUrl: arg('update-url'),
    version: arg('version'),
    chromium: arg('chromium'),
  });
  console.log(`extension id: ${packed.id}`);
  console.log(`version:      ${packed.version}`);
  console.log(`package:      ${packed.crx}`);
  if (packed.updatesXml)
    console.log(`update file:  ${packed.updatesXml} (serve it at the --update-url, the package beside it)`);
  console.log(
    `policy:       ExtensionInstallForcelist = "${packed.id};${arg('update-url') ?? '<URL of updates.xml>'}"`,
  );
}
