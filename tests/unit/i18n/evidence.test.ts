import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { mediaPathCheck } from '../../../utils/checks/media-path';
import { mediaPortsCheck } from '../../../utils/checks/media-ports';
import { memoryCheck } from '../../../utils/checks/memory';
import { passwordsCheck } from '../../../utils/checks/passwords';
import { proxyCheck } from '../../../utils/checks/proxy';
import { stunCheck } from '../../../utils/checks/stun';
import { zoomCheck } from '../../../utils/checks/zoom';
import { CHECKS } from '../../../utils/checks';
import { cacheCheck } from '../../../utils/checks/cache';
import { httpsEndpointsCheck } from '../../../utils/checks/https-endpoints';
import { tcpHostsCheck } from '../../../utils/checks/tcp-hosts';
import { cpuCheck } from '../../../utils/checks/cpu';
import { checkMessageKey } from '../../../utils/engine/keys';
import type { Check, Diagnostic } from '../../../utils/engine/types';
import { describeEvidence, missingEvidenceLabels } from '../../../utils/i18n/evidence';
import { catalogueTranslator, type Translate } from '../../../utils/i18n/format';
import { formatMarkdownReport } from '../../../utils/report/markdown';
import { formatTextReport } from '../../../utils/report/text';
import { fakePlatform, profileWith, runCheck, type StoredOutcome } from '../fakes';
import { iceNetwork } from '../network-fakes';
import { makeRun } from '../runs';

const catalogue = (lang: string): Record<string, { message: string }> =>
  JSON.parse(readFileSync(resolve(__dirname, `../../../public/_locales/${lang}/messages.json`), 'utf8'));
const CATALOGUES = { en: catalogue('en'), fr: catalogue('fr') };
const en = catalogueTranslator(CATALOGUES.en);
const fr = catalogueTranslator(CATALOGUES.fr);
const GIB = 1024 ** 3;

/** The evidence panel as the user reads it: "label = value" per row. */
const panel = (outcome: StoredOutcome, t: Translate) =>
  Object.fromEntries(describeEvidence(outcome.evidence, t).map((row) => [row.label, row.value]));
const expectPanels = (outcome: StoredOutcome, expected: { fr: Record<string, string>; en: Record<string, string> }) => {
  expect(panel(outcome, fr)).toEqual(expected.fr);
  expect(panel(outcome, en)).toEqual(expected.en);
};
const message = (check: Check, outcome: StoredOutcome, t: Translate) =>
  t(checkMessageKey(check.id, outcome.message), outcome.params);

/** English words a French reader must never meet in the panel (raw keys, modes, booleans, control levels). */
const ENGLISH_LEFTOVERS =
  /\b(true|false|system|pac|not readable|controllable|not_controllable|controlled_by|passwordSavingEnabled|udp3478Reached|appTabs|env1|env2|none)\b/;

describe('evidence in the reader’s language (realistic outcomes of the checks)', () => {
  it('labels keys, booleans and levels of control: password saving set by a policy', async () => {
    const outcome = await runCheck(
      passwordsCheck,
      fakePlatform({ passwordSaving: async () => ({ value: true, levelOfControl: 'not_controllable' }) }),
    );
    expectPanels(outcome, {
      fr: {
        'Enregistrement des mots de passe': 'activé',
        'Réglage contrôlé par': 'une stratégie d’entreprise (non modifiable ici)',
      },
      en: { 'Password saving': 'on', 'Controlled by': 'an enterprise policy (cannot be changed here)' },
    });
  });

  it('labels proxy modes in the panel and inside the French sentence (« system », « not readable »)', async () => {
    const probe = async ({ url }: { url: string }) => ({ url, ok: true, status: 200, latencyMs: 30 });
    const system = await runCheck(
      proxyCheck,
      fakePlatform({
        httpProbe: probe,
        proxySettings: async () => ({
          mode: 'system',
          servers: [],
          proxyHosts: [],
          bypass: [],
          rules: 'chromium',
          levelOfControl: 'controllable_by_this_extension',
        }),
      }),
    );
    expect(system.message).toBe('unseen');
    expect(panel(system, fr)['Mode du proxy']).toBe('réglages du système');
    expect(message(proxyCheck, system, fr)).toContain('Le mode de proxy est « réglages du système »');
    expect(message(proxyCheck, system, en)).toContain('The proxy mode is “system settings”');

    const unreadable = await runCheck(proxyCheck, fakePlatform({ httpProbe: probe }));
    expect(panel(unreadable, fr)['Mode du proxy']).toBe('illisible');
    expect(message(proxyCheck, unreadable, fr)).toContain('« illisible »');
    for (const outcome of [system, unreadable])
      expect(JSON.stringify(panel(outcome, fr)) + message(proxyCheck, outcome, fr)).not.toMatch(ENGLISH_LEFTOVERS);
  });

  it('says what an empty value means: no server reached on UDP 3478, range not tested, no app tab open', async () => {
    const { platform } = iceNetwork(() => 'silent');
    const ports = await runCheck(mediaPortsCheck, platform);
    expect(ports.evidence).toEqual({ udp3478Reached: [], rangeTested: false });
    expectPanels(ports, {
      fr: {
        'Serveurs média atteints en UDP 3478': 'aucun',
        'Plage média testée': 'non (impossible depuis un navigateur)',
      },
      en: { 'Media servers reached on UDP 3478': 'none', 'Media range tested': 'no (a browser cannot)' },
    });

    const zoom = await runCheck(zoomCheck, fakePlatform({ defaultZoom: async () => 1 }));
    expect(panel(zoom, fr)).toEqual({
      'Onglets de l’application': 'aucun onglet ouvert',
      'Zoom par défaut (%)': '100',
    });
    // Never a bare "key=" in a report either.
    const run = makeRun('r', 0, { 'media-ports': 'manual' });
    run.diagnostics[3]!.evidence = ports.evidence;
    run.diagnostics[3]!.manual = { unmetStatus: 'fail', confirmation: { answer: 'no', at: 0 } };
    const text = formatTextReport(run, fr, 0);
    expect(text).toContain('Serveurs média atteints en UDP 3478 : aucun; Plage média testée : non');
    expect(text).not.toMatch(/udp3478Reached|rangeTested|\w=/);
  });

  it('names environments as the profile does, never by id, in the panel and the messages', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver2-') ? 'blocked' : 'ok'));
    const outcome = await runCheck(stunCheck, platform);
    expect(panel(outcome, fr)).toMatchObject({
      Transport: 'STUN sur UDP',
      'Environnement 1': '4/4',
      'Environnement 2': '0/4',
    });
    const text = message(stunCheck, outcome, fr);
    expect(text).toBe(
      'STUN : aucun serveur média ne répond sur 3478/UDP dans Environnement 2 (Environnement 1 4/4, Environnement 2 0/4).',
    );
    expect(JSON.stringify(describeEvidence(outcome.evidence, fr)) + text).not.toMatch(/env[12]/);
  });

  it('writes numbers in the reader’s language: 2,4 GHz, 0,5 Mb/s, 15,6 Go; 2.4 GHz, 0.5 Mb/s, 15.6 GB', async () => {
    const cpu = await runCheck(
      cpuCheck,
      fakePlatform({
        cpu: async () => ({
          modelName: 'Intel(R) Core(TM) i5-1135G7 @ 2.40GHz',
          archName: 'x86_64',
          numOfProcessors: 8,
        }),
      }),
    );
    expect(message(cpuCheck, cpu, fr)).toBe('Processeur à 2,4 GHz : respecte 2 GHz (web) et 2,3 GHz (desktop).');
    expect(message(cpuCheck, cpu, en)).toBe('Processor at 2.4 GHz: meets 2 GHz (web) and 2.3 GHz (desktop).');
    expect(panel(cpu, fr)['Fréquence de base (GHz)']).toBe('2,4');

    const memory = await runCheck(memoryCheck, fakePlatform({ memoryCapacity: async () => 15.6 * GIB }));
    expect(message(memoryCheck, memory, fr)).toBe('15,6 Go de mémoire vive : respecte les 6 Go requis.');
    expect(message(memoryCheck, memory, en)).toBe('15.6 GB of RAM: meets the 6 GB required.');
    expect(panel(memory, fr)).toMatchObject({
      'Mémoire vue (Go)': '15,6',
      'Part du minimum acceptée (réserve du micrologiciel)': '0,94',
    });
    // One unit style per language: no "Gio"/"GiB" anywhere the user reads.
    for (const [lang, messages] of Object.entries(CATALOGUES))
      expect(
        Object.values(messages).filter((m) => /\bGi[Bo]\b/.test(m.message)),
        lang,
      ).toEqual([]);

    const { platform } = iceNetwork(() => 'ok');
    const path = await runCheck(
      mediaPathCheck,
      fakePlatform({
        iceProbe: platform.iceProbe,
        mediaPath: async () => ({
          stagesCompleted: ['allocating', 'connecting', 'round-trip', 'throughput-up', 'throughput-down'],
          connectMs: 120,
          rtt: { medianMs: 18.5, p95Ms: 31, samples: 40 },
          jitterMs: 2.3,
          lossPercent: 0,
          upMbps: 0.5,
          downMbps: 1.8,
        }),
      }),
      profileWith((p) => (p.network.media.credentials = { username: 'u', credential: 'c' })),
    );
    expect(path.message).toBe('async_only');
    expect(message(mediaPathCheck, path, fr)).toBe(
      'Chemin média : 0,5 Mb/s montant, 1,8 Mb/s descendant : suffisant en asynchrone (0,5 Mb/s), pas en synchrone (2 Mb/s).',
    );
    expect(message(mediaPathCheck, path, en)).toContain('0.5 Mb/s up, 1.8 Mb/s down');
    expect(panel(path, fr)).toMatchObject({
      'Étapes terminées': 'allocation du relais, connexion, aller-retour, débit montant, débit descendant',
      'Aller-retour, médiane (ms)': '18,5',
      'Gigue (ms)': '2,3',
      'Débit montant (Mb/s)': '0,5',
    });
  });

  it('keeps English sentences out of load, certificate and zoom evidence: words labelled, data as is', async () => {
    const cache = await runCheck(
      cacheCheck,
      fakePlatform({
        cacheProbe: async ({ url }) => ({
          url,
          first: { ok: false, ms: 4001, error: 'timeout' },
          browserCacheEnabled: true,
        }),
      }),
    );
    expect(panel(cache, fr)).toEqual({
      Adresse: 'https://www.norm-uni.fr/favicon.ico',
      'Premier chargement': 'pas de réponse à temps',
      'Premier chargement (ms)': '4001',
      'Second chargement': 'non effectué',
      'Durée de fraîcheur (s)': '0',
      'Cache du navigateur (réglage de Firefox)': 'activé',
    });
    const zoom = await runCheck(
      zoomCheck,
      fakePlatform({ appTabZoom: async () => [{ origin: 'https://www.norm-uni.fr', tabId: 7, zoom: 1.5 }] }),
    );
    expect(panel(zoom, fr)).toEqual({ 'Onglets de l’application': 'https://www.norm-uni.fr: 150 %' });
  });

  it('labels the words inside evidence lines (probes, requests, ports), keeping hosts, addresses and errors as data', async () => {
    const { platform } = iceNetwork((r) => (r.url.includes('mediaserver1-1') ? 'silent' : 'blocked'));
    const stun = await runCheck(stunCheck, platform);
    expect(panel(stun, fr).Sondes).toContain(
      'mediaserver1-1.maincare.com:3478 STUN/UDP: pas de réponse (4000 ms, candidats: host)',
    );
    expect(panel(stun, fr).Sondes).toContain(
      'mediaserver1-2.maincare.com:3478 STUN/UDP: bloqué (80 ms, candidats: host, erreurs 701)',
    );

    const failing = fakePlatform({
      httpProbe: async ({ url }) => ({
        url,
        ok: false,
        latencyMs: 9,
        failure: 'dns',
        netError: 'net::ERR_NAME_NOT_RESOLVED',
      }),
    });
    const endpoints = await runCheck(httpsEndpointsCheck, failing);
    expect(panel(endpoints, fr).Requêtes).toContain(
      'NET-PORTAL https://www.norm-uni.fr/: échec de résolution de nom (net::ERR_NAME_NOT_RESOLVED), après 9 ms',
    );
    expect(message(httpsEndpointsCheck, endpoints, fr)).toMatch(
      /^3 adresses injoignables sur 3 \(échec de résolution de nom\) : www\.norm-uni\.fr/,
    );
    const tcp = await runCheck(tcpHostsCheck, failing);
    expect(panel(tcp, fr).Hôtes).toBe(
      'tlm.norm-uni.fr:443: échec de résolution de nom (net::ERR_NAME_NOT_RESOLVED, 9 ms), tlm2.norm-uni.fr:443: échec de résolution de nom (net::ERR_NAME_NOT_RESOLVED, 9 ms)',
    );
    // A proxy's block page over an intercepting TLS root: every phrase of the line reads in French.
    const blocked = fakePlatform({
      httpProbe: async ({ url }) => ({
        url,
        ok: true,
        status: 403,
        latencyMs: 30,
        remoteIp: '10.0.0.1',
        via: 'http 10.0.0.1:3128',
        headers: { via: '1.1 proxy.chu.local (squid/5.7)' },
        tls: { state: 'secure', chain: ['CN=x', 'CN=CHU Proxy CA'], root: 'CN=CHU Proxy CA', builtInRoot: false },
      }),
    });
    expect(panel(await runCheck(tcpHostsCheck, blocked), fr).Hôtes).toContain(
      'tlm.norm-uni.fr:443: non prouvé (HTTP 403 en TLS, 30 ms, 10.0.0.1); rien ne montre que la réponse vient de l’hôte: a atteint 10.0.0.1, et non l’adresse publiée 5.226.12.197; par le proxy: http 10.0.0.1:3128; via: 1.1 proxy.chu.local (squid/5.7); certificat émis par une autorité racine installée sur ce poste: CN=CHU Proxy CA',
    );
    expect(panel(await runCheck(httpsEndpointsCheck, blocked), fr).Requêtes).toContain(
      'NET-PORTAL https://www.norm-uni.fr/: HTTP 403 en 30 ms (10.0.0.1); signes d’un proxy ou d’un filtre: a atteint 10.0.0.1, et non l’adresse publiée 5.226.12.195; par le proxy: http 10.0.0.1:3128; via: 1.1 proxy.chu.local (squid/5.7); certificat émis par une autorité racine installée sur ce poste: CN=CHU Proxy CA',
    );
    const proxy = await runCheck(proxyCheck, failing);
    expect(panel(proxy, fr)['Requêtes restées sans réponse']).toBe(
      'www.norm-uni.fr (échec de résolution de nom), visioplex.maincare.com (échec de résolution de nom), visioplex2.maincare.com (échec de résolution de nom)',
    );
  });

  it('reads a list of words given as one message parameter word by word (« (délai dépassé, échec de résolution de nom) »)', () => {
    const text = fr('check_https_endpoints_fail', { count: 3, total: 3, kinds: 'timeout, dns', hosts: 'a, b, c' });
    expect(text).toContain(`(${fr('evidence_value_timeout')}, échec de résolution de nom)`);
    expect(text).not.toMatch(/timeout|dns/);
  });

  it('never turns a check id into a word label inside a message ({id} of « Vérification proxy, 12 ms »)', () => {
    const generic = (key: string) => key.startsWith('evidence_value_');
    const ids = new Set(CHECKS.map((check) => `evidence_value_${check.id.replace(/-/g, '_')}`));
    expect(Object.keys(CATALOGUES.fr).filter((key) => generic(key) && ids.has(key))).toEqual([]);
    expect(fr('ui_check_id', { id: 'proxy', ms: 12 })).toBe('Vérification proxy, 12 ms');
  });

  it('names the JSON type a profile field had in the reader’s language (options page)', () => {
    expect(fr('schema_expected_number', { got: 'string' })).toBe('Nombre attendu, trouvé : un texte.');
    expect(en('schema_expected_object', { got: 'array' })).toBe('Expected an object, found a list.');
  });

  it('agrees singular and plural with the count: 1 bloquant, 2 bloquants; 1 warning, 2 warnings', () => {
    const counts = { fail: 1, warn: 2, error: 0, toConfirm: 1, pass: 1 };
    expect(fr('ui_counts', counts)).toBe(
      '1 bloquant, 2 avertissements, 0 vérification en échec, 1 à confirmer, 1 conforme',
    );
    expect(en('ui_counts', counts)).toBe('1 blocking, 2 warnings, 0 failed checks, 1 to confirm, 1 passed');
    expect(fr('ui_counts', { fail: 2, warn: 1, error: 3, toConfirm: 0, pass: 12 })).toBe(
      '2 bloquants, 1 avertissement, 3 vérifications en échec, 0 à confirmer, 12 conformes',
    );
    expect(fr('report_trend', { count: 1 })).toBe(
      'Chaque vérification sur la dernière exécution (la plus ancienne à gauche)',
    );
    expect(fr('report_trend', { count: 8 })).toContain('sur les 8 dernières exécutions');
    expect(fr('check_manual_disk_space_question', { web: 1, desktop: 5 })).toMatch(
      /^Confirmez au moins 1 Go libre sur/,
    );
    expect(fr('check_devices_present', { cameras: 1, microphones: 2, audioOutputs: 1 })).toMatch(
      /^1 caméra, 2 microphones, 1 sortie audio \(facultatif\)/,
    );
    // No "(s)" left for a count to fill.
    for (const [lang, messages] of Object.entries(CATALOGUES))
      expect(
        Object.keys(messages).filter((k) => /\w\(s\)/.test(messages[k]!.message)),
        lang,
      ).toEqual([]);
  });

  it('reports evidence in the report’s language, labelled, with the French typography; JSON keeps raw keys', () => {
    const run = makeRun('r', 0, { passwords: 'warn' });
    const passwords = run.diagnostics.find((d) => d.checkId === 'passwords') as Diagnostic;
    passwords.evidence = { passwordSavingEnabled: true, levelOfControl: 'controllable_by_this_extension' };
    const text = formatTextReport(run, fr, 0);
    expect(text).toContain(
      'Constaté: Enregistrement des mots de passe : activé; Réglage contrôlé par : l’utilisateur (modifiable par cette extension)',
    );
    expect(formatMarkdownReport(run, en, 0)).toContain(
      'Password saving: on; Controlled by: the user (this extension may change it)',
    );
  });
});

describe('the label mechanism itself', () => {
  it('finds an unlabelled key, word value or empty value (what runCheck fails on)', () => {
    expect(
      missingEvidenceLabels(
        {
          brandNewKey: 1,
          mode: 'teleport',
          udp3478Reached: [],
          'https://a.example': 'allowed',
          'Environnement 1': '4/4',
        },
        CATALOGUES.fr,
      ),
    ).toEqual(['evidence_brandNewKey', 'evidence_mode_teleport or evidence_value_teleport']);
    // Data stays data: hosts, versions, codec names.
    expect(
      missingEvidenceLabels(
        { send: ['opus', 'red'], version: '116.0.5845.188', server: 'www.norm-uni.fr' },
        CATALOGUES.fr,
      ),
    ).toEqual([]);
  });
});
