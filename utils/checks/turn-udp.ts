import { transportCheck } from './lib/transport-verdict';

/** NET-TURN-UDP: every media server answers TURN on 3478/UDP (both environments). */
export const turnUdpCheck = transportCheck('turn-udp', 'NET-TURN-UDP', 'turn-udp');
