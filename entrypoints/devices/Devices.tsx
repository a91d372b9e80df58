import { useEffect, useRef, useState } from 'preact/hooks';
import { DiagnosticRow } from '../../components/DiagnosticRow';
import { CallSection } from '../../components/devices/CallSection';
import { audioCheck } from '../../utils/checks/audio';
import { callCheck } from '../../utils/checks/call';
import { cameraCheck } from '../../utils/checks/camera';
import {
  DEVICE_CHECK_IDS,
  type CameraResult,
  type DeviceTestRecord,
  type MicrophoneResult,
  type StoredCallOutcome,
} from '../../utils/devices/types';
import { toDiagnostic } from '../../utils/engine/runner';
import { createShared } from '../../utils/engine/shared';
import type { Diagnostic } from '../../utils/engine/types';
import {
  browserFamily,
  defaultSize,
  listDevices,
  listen,
  nativeConstraints,
  playTone,
  processing,
  requestAccess,
  trySizes,
  watchVideo,
  type DeviceLists,
} from '../../utils/platform/media';
import { t } from '../../utils/platform/i18n';
import { MARKS, markPainted } from '../../utils/platform/timing';
import { connectToHub } from '../../utils/platform/messaging';
import { measurePageFacts } from '../../utils/platform/page';
import { readProfileInputs, saveDeviceTest } from '../../utils/platform/storage';
import type { Platform } from '../../utils/platform/types';
import { resolveProfile } from '../../utils/profile/resolve';
import type { Profile } from '../../utils/profile/types';

/** How long the picture is watched (frame rate, black picture) and the microphone listened to. */
const WATCH_MS = 2000;
const LISTEN_MS = 4000;

type Phase = 'asking' | 'camera' | 'microphone' | 'speakers' | 'done';

/** The verdicts of the page, by the very checks a run uses, on this record. */
async function verdicts(record: DeviceTestRecord, profile: Profile): Promise<Diagnostic[]> {
  const platform = { deviceTest: async () => record, page: () => ({}) } as unknown as Platform;
  const context = {
    profile,
    platform,
    signal: new AbortController().signal,
    now: () => Date.now(),
    shared: createShared(),
  };
  return Promise.all(
    [cameraCheck, audioCheck, callCheck].map(async (check) => toDiagnostic(check, await check.run(context), 0)),
  );
}

/** Saves the record and has the background put the results in the last run (history, report). */
async function publish(record: DeviceTestRecord): Promise<void> {
  await saveDeviceTest(record);
  const page = await measurePageFacts();
  const hub = connectToHub(
    () => undefined,
    () => undefined,
  );
  hub.send({ type: 'refresh', checkIds: [...DEVICE_CHECK_IDS], page });
  // The background holds the message once posted; the port may go.
  setTimeout(() => hub.close(), 1000);
}

/**
 * The device test page. Opening it is the user's click (popup or report page): it asks for
 * the camera and microphone once and starts at once; "Run again" repeats it.
 */
export function Devices() {
  const [profile, setProfile] = useState<Profile>();
  const [lists, setLists] = useState<DeviceLists>();
  const [choice, setChoice] = useState<{ camera?: string; microphone?: string; output?: string }>({});
  const [round, setRound] = useState(0);
  const [phase, setPhase] = useState<Phase>('asking');
  const [level, setLevel] = useState(-100);
  const [callStream, setCallStream] = useState<MediaStream | null>(null);
  const [record, setRecord] = useState<DeviceTestRecord>();
  const [rows, setRows] = useState<Diagnostic[]>([]);
  const preview = useRef<HTMLVideoElement>(null);
  const current = useRef<DeviceTestRecord>();
  /** The browser holds sound until a click: the "Start listening" button resolves this. */
  const [waitingClick, setWaitingClick] = useState(false);
  const startListening = useRef<() => void>();

  const update = async (next: DeviceTestRecord, used: Profile) => {
    current.current = next;
    setRecord(next);
    setRows(await verdicts(next, used));
    await publish(next);
  };

  useEffect(() => {
    let stopped = false;
    let stream: MediaStream | undefined;
    const run = async () => {
      setPhase('asking');
      setCallStream(null);
      setRecord(undefined);
      setRows([]);
      const used = resolveProfile(await readProfileInputs()).profile;
      setProfile(used);
      const access = await requestAccess(choice.camera, choice.microphone);
      stream = access.stream;
      const devices = await listDevices();
      setLists(devices);
      if (stopped) return;

      setPhase('camera');
      const videoTrack = stream.getVideoTracks()[0];
      const camera: CameraResult = {
        access: access.video.access,
        ...(access.video.error && { error: access.video.error }),
        cameras: devices.cameras.map((d) => d.label),
        sizes: [],
      };
      if (videoTrack) {
        const deviceId = videoTrack.getSettings().deviceId;
        camera.label = videoTrack.label;
        const own = defaultSize(stream);
        if (own) camera.defaultSize = own;
        // The camera is opened once at a time: each size is asked of it alone.
        videoTrack.stop();
        stream.removeTrack(videoTrack);
        try {
          camera.sizes = await trySizes(deviceId, used.devices.resolutions);
          const shown = await nativeConstraints(deviceId, camera.sizes);
          shown.getVideoTracks().forEach((track) => stream!.addTrack(track));
          if (preview.current) {
            preview.current.srcObject = stream;
            await preview.current.play().catch(() => undefined);
            Object.assign(camera, await watchVideo(preview.current, WATCH_MS));
          }
        } catch (error) {
          Object.assign(camera, { access: 'error', error: String(error) });
        }
      }
      if (stopped) return;

      const audioTrack = stream.getAudioTracks()[0];
      const microphone: MicrophoneResult = {
        access: access.audio.access,
        ...(access.audio.error && { error: access.audio.error }),
        microphones: devices.microphones.map((d) => d.label),
      };
      if (audioTrack) {
        setPhase('microphone');
        microphone.label = audioTrack.label;
        const effects = processing(stream);
        if (effects) microphone.processing = effects;
        const blocked = () =>
          new Promise<void>((resolve) => {
            startListening.current = () => {
              setWaitingClick(false);
              resolve();
            };
            setWaitingClick(true);
          });
        try {
          Object.assign(microphone, await listen(stream, LISTEN_MS, setLevel, blocked));
        } catch (error) {
          // Never stuck: what broke is the row's evidence ("could not be opened: …").
          Object.assign(microphone, { access: 'error', error: String(error) });
        }
      }
      if (stopped) return;

      setPhase('speakers');
      const output = choice.output ?? devices.outputs[0]?.deviceId;
      const label = devices.outputs.find((d) => d.deviceId === output)?.label;
      const selection = await playTone(output).catch(() => 'default' as const);
      const next: DeviceTestRecord = {
        at: Date.now(),
        browser: browserFamily(),
        camera,
        microphone,
        speakers: {
          outputs: devices.outputs.map((d) => d.label),
          selection,
          ...(selection === 'setSinkId' && label && { label }),
        },
      };
      if (stopped) return;
      setPhase('done');
      await update(next, used);
      markPainted(MARKS.devicesDone, { round: String(round) });
      // The call carries the live camera and microphone once they are measured.
      setCallStream(stream);
    };
    void run();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [round]);

  const answerHeard = (heard: boolean) => {
    const base = current.current;
    if (!base || !profile) return;
    void update({ ...base, speakers: { ...base.speakers, heard } }, profile);
  };

  const onCall = (outcome: StoredCallOutcome) => {
    const base = current.current;
    if (!base || !profile) return;
    const { status, message, params, evidence, fixes } = outcome;
    void update({ ...base, call: { status, message, params, evidence, ...(fixes && { fixes }) } }, profile);
  };

  const select = (key: 'camera' | 'microphone' | 'output') => (event: Event) => {
    setChoice({ ...choice, [key]: (event.currentTarget as HTMLSelectElement).value });
    setRound(round + 1);
  };
  const options = (devices: MediaDeviceInfo[] | undefined, selected: string | undefined) =>
    (devices ?? []).map((d, i) => (
      <option key={d.deviceId || i} value={d.deviceId} selected={d.deviceId === selected}>
        {d.label || `${i + 1}`}
      </option>
    ));

  return (
    <main class="devices" data-phase={phase} data-round={round}>
      <h1>{t('devices_title')}</h1>
      <p class="muted">{t('devices_intro')}</p>
      <p>
        <button
          type="button"
          id="run-again"
          class="primary"
          disabled={phase !== 'done'}
          onClick={() => setRound(round + 1)}
        >
          {t('devices_run_again')}
        </button>
      </p>
      {phase === 'asking' && <p role="status">{t('devices_asking')}</p>}

      <section aria-labelledby="camera-title">
        <h2 id="camera-title">{t('devices_camera')}</h2>
        <label>
          {t('devices_choose_camera')}{' '}
          <select id="camera-select" onChange={select('camera')} disabled={phase !== 'done'}>
            {options(lists?.cameras, choice.camera)}
          </select>
        </label>
        {phase === 'camera' && <p role="status">{t('devices_measuring_camera')}</p>}
        <div class="device-videos">
          <video ref={preview} id="preview" muted autoPlay playsInline aria-label={t('devices_preview')} />
          {profile && <CallSection stream={callStream} profile={profile} onResult={onCall} />}
        </div>
      </section>

      <section aria-labelledby="microphone-title">
        <h2 id="microphone-title">{t('devices_microphone')}</h2>
        <label>
          {t('devices_choose_microphone')}{' '}
          <select id="microphone-select" onChange={select('microphone')} disabled={phase !== 'done'}>
            {options(lists?.microphones, choice.microphone)}
          </select>
        </label>
        {waitingClick && (
          <p>
            <button type="button" id="start-listening" class="primary" onClick={() => startListening.current?.()}>
              {t('devices_start_listening')}
            </button>
          </p>
        )}
        {phase === 'microphone' && !waitingClick && (
          <p role="status" id="speak">
            {t('devices_speak')}
          </p>
        )}
        <label>
          {t('devices_level')} <meter id="level" min={-100} max={0} low={-45} value={Math.max(-100, level)} />
        </label>
      </section>

      <section aria-labelledby="speakers-title">
        <h2 id="speakers-title">{t('devices_speakers')}</h2>
        {(lists?.outputs.length ?? 0) > 0 && (
          <label>
            {t('devices_choose_output')}{' '}
            <select id="output-select" onChange={select('output')} disabled={phase !== 'done'}>
              {options(lists?.outputs, choice.output)}
            </select>
          </label>
        )}
        {record?.speakers.selection === 'default' && <p class="muted">{t('devices_default_output')}</p>}
        {record && (
          <p>
            {t('devices_heard_question')}{' '}
            <button
              type="button"
              id="heard-yes"
              aria-pressed={record.speakers.heard === true}
              onClick={() => answerHeard(true)}
            >
              {t('devices_yes')}
            </button>{' '}
            <button
              type="button"
              id="heard-no"
              aria-pressed={record.speakers.heard === false}
              onClick={() => answerHeard(false)}
            >
              {t('devices_no')}
            </button>{' '}
            <button
              type="button"
              id="play-again"
              onClick={() => void playTone(choice.output ?? lists?.outputs[0]?.deviceId).catch(() => undefined)}
            >
              {t('devices_play')}
            </button>
          </p>
        )}
      </section>

      {rows.length > 0 && (
        <section aria-labelledby="results-title">
          <h2 id="results-title">{t('devices_results')}</h2>
          <ul class="rows" id="results">
            {rows.map((row) => (
              <DiagnosticRow key={row.checkId} diagnostic={row} />
            ))}
          </ul>
          <p class="muted">{t('devices_saved')}</p>
        </section>
      )}
    </main>
  );
}
