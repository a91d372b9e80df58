import { transportCheck } from './lib/transport-verdict';

/** NET-TURN-TCP: every media server answers TURN on 3478/TCP (both environments). */
export const turnTcpCheck = transportCheck('turn-tcp', 'NET-TURN-TCP', 'turn-tcp');
