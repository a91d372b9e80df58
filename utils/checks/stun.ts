import { transportCheck } from './lib/transport-verdict';

/** NET-STUN: every media server answers STUN on 3478/UDP (both environments). */
export const stunCheck = transportCheck('stun', 'NET-STUN', 'stun-udp');
