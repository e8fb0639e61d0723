import { setFlagsFromString } from 'node:v8';

/**
 * Imported first by the server's entry point, before anything allocates much.
 *
 * V8 "pretenures" an allocation site, allocating its objects straight into the
 * old generation, once most of them survived two young collections. At start-up
 * a burst of requests waits for the first database connections and JIT, so the
 * sites of the HTTP path (koa's context, response headers, on-finished's
 * listeners, pg rows) look long-lived and stay pretenured: under steady chat
 * traffic their objects, which die within milliseconds, then fill the old
 * generation, and a mark-compact with pauses of 5–18 ms ran every 5–6 s.
 * Those pauses were the spikes above 50 ms in bench:chat's soak (ADR 0009).
 * Without pretenuring they die in the young generation: no mark-compact in 90 s
 * of soak, p99 per 30-s window 8–9 ms instead of 16–24.
 */
setFlagsFromString('--no-allocation-site-pretenuring');
