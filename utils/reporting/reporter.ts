import type { RunRecord } from '../run/types';
import { exportRunJson } from '../report/json';
import type { ReportingConfig } from './config';
import type { Outbox } from '../platform/outbox';
import { logRecord, metricPoints, resourceFacts } from './otlp';

export interface ReporterDeps {
  outbox: Pick<Outbox, 'enqueue' | 'flush'>;
  /** The managed `reporting` settings; undefined when reporting is off (unset or invalid). */
  loadConfig(): Promise<ReportingConfig | undefined>;
  /**
   * Whether the browser lets these settings' data leave it (Firefox's data consent,
   * utils/reporting/consent.ts): false keeps the runs queued, unsent.
   */
  mayTransmit(config: ReportingConfig): Promise<boolean>;
  /** The one-line verdict (`summary` body). */
  summary(run: RunRecord): string;
  now(): number;
  /** Wake `resume` at that time (timer and alarm). */
  wakeAt(at: number): void;
  log(message: string, error?: unknown): void;
}

/**
 * After every completed run (popup or scheduled): the run goes into the outbox, then what is
 * due is sent. The body is the redacted JSON export (`full`) or the one-line verdict
 * (`summary`); the request headers are never part of what is queued. Nothing is sent while
 * the browser's data consent is missing: the runs wait in the outbox (bounded as ever) until
 * it is given, then `resume` sends them.
 */
export class Reporter {
  constructor(private readonly deps: ReporterDeps) {}

  async report(run: RunRecord): Promise<void> {
    let config: ReportingConfig | undefined;
    try {
      config = await this.deps.loadConfig();
      if (!config || !run.finishedAt) return;
      const body = config.include === 'full' ? exportRunJson(run, this.deps.now()) : this.deps.summary(run);
      await this.deps.outbox.enqueue(
        {
          runId: run.id,
          queuedAt: this.deps.now(),
          facts: resourceFacts(run),
          log: logRecord(run, body),
          metrics: metricPoints(run),
          include: config.include,
        },
        config,
      );
    } catch (error) {
      this.deps.log('could not queue the run for reporting', error);
      return;
    }
    await this.trySend(config);
  }

  /** At start-up, on the alarm, on the timer: sends what is due. */
  async resume(): Promise<void> {
    try {
      const config = await this.deps.loadConfig();
      if (config) await this.trySend(config);
    } catch (error) {
      this.deps.log('could not read the reporting settings', error);
    }
  }

  private async trySend(config: ReportingConfig) {
    try {
      await this.send(config);
    } catch (error) {
      this.deps.log('could not send the queued runs', error);
    }
  }

  private async send(config: ReportingConfig) {
    if (!(await this.deps.mayTransmit(config))) return;
    // A run queued under `full` carries what `full` needs consent for, whatever the settings are now.
    const carriesFull = config.include === 'full' || (await this.deps.mayTransmit({ ...config, include: 'full' }));
    const result = await this.deps.outbox.flush(config, false, carriesFull);
    if (result.retryAt !== undefined) this.deps.wakeAt(result.retryAt);
  }
}
