import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../utils/platform/i18n';
import {
  callIceServers,
  callWithoutCredentials,
  runSelfCall,
  type CallOutcome,
  type CallProfile,
} from '../../utils/platform/selfcall';
import { EvidenceTable } from '../EvidenceTable';
import { FixList } from '../FixList';
import { StatusIcon } from '../StatusIcon';

interface Props {
  /** The user's live camera and microphone (the page shows its preview); null until granted. */
  stream: MediaStream | null;
  /** The effective profile: its relays, credentials, §7 links and `devices.call` thresholds. */
  profile: CallProfile;
  /** Each call's verdict, once settled. */
  onResult(outcome: CallOutcome): void;
}

/**
 * The call to oneself through the profile's relay: starts when the stream arrives (the user's
 * click opened the page), shows the video as received on the other side (muted: no sound is
 * played back, so no echo), then the figures and the verdict. Without TURN credentials, a manual
 * row with the publisher's §7 tests (reported once the stream is there, like a call's verdict).
 */
export function CallSection({ stream, profile, onResult }: Props) {
  const [outcome, setOutcome] = useState<CallOutcome | null>(null);
  const [remote, setRemote] = useState<MediaStream | null>(null);
  const video = useRef<HTMLVideoElement>(null);
  const report = useRef(onResult);
  report.current = onResult;
  const iceServers = callIceServers(profile);
  const withoutCredentials = iceServers.length === 0;

  useEffect(() => {
    if (withoutCredentials) {
      // Shown at once; reported with the stream, when the page has results to add it to.
      const manual = callWithoutCredentials(profile);
      setOutcome(manual);
      if (stream) report.current(manual);
      return;
    }
    setOutcome(null);
    setRemote(null);
    if (!stream) return;
    const controller = new AbortController();
    void runSelfCall({
      stream,
      iceServers,
      settings: profile.devices.call,
      links: profile.links,
      signal: controller.signal,
      onRemoteStream: setRemote,
    }).then((result) => {
      setRemote(null);
      if (controller.signal.aborted) return;
      setOutcome(result);
      report.current(result);
    });
    return () => controller.abort();
    // A new call for a new stream or profile; `iceServers` derives from the profile.
  }, [stream, profile, withoutCredentials]);

  useEffect(() => {
    if (video.current) video.current.srcObject = remote;
  }, [remote]);

  const running = !outcome && !!stream;
  return (
    <section class="call" data-call-status={outcome?.status ?? (running ? 'running' : 'idle')}>
      <h2>{t('call_title')}</h2>
      <p class="muted">{t('call_intro', { seconds: Math.round(profile.devices.call.durationMs / 1000) })}</p>
      {running && <p data-call-running>{t('call_running')}</p>}
      <video
        ref={video}
        class="call-remote"
        muted
        autoPlay
        playsInline
        hidden={!remote}
        aria-label={t('call_remote')}
      />
      {outcome && (
        <div class={`row row-${outcome.status}`} data-call-message={outcome.message}>
          <p>
            <StatusIcon status={outcome.status} /> <span class="message">{t(outcome.message, outcome.params)}</span>
          </p>
          <FixList fixes={outcome.fixes ?? []} />
          {Object.keys(outcome.evidence).length > 0 && <EvidenceTable evidence={outcome.evidence} />}
        </div>
      )}
    </section>
  );
}
