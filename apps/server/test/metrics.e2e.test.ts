import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from './harness.js';
import { completeMember } from './members.js';
import { SocketClient } from './socket-client.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({
    label: 'metrics',
    env: { RATE_LIMITS: 'on', RATE_LIMIT_LOCATION_CHANGES_PER_USER: '1/3600' },
  });
});
afterAll(() => t?.stop());

const scrape = async () => (await (await fetch(t.server.metricsUrl!)).text()).split('\n');
const value = (lines: string[], series: string) => {
  const line = lines.find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
};

describe('metrics for operators', () => {
  it('serves Prometheus text on a port of its own, bound to 127.0.0.1, and never on the API port', async () => {
    expect(t.server.metricsUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
    const answer = await fetch(t.server.metricsUrl!);
    expect(answer.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await t.api.get('/metrics')).status).toBe(404);
  });

  it('counts requests by route template and status, with latencies, and reads the pool, mail, sockets and limits', async () => {
    const member = await completeMember(t);
    await t.api.get('/api/v1/me', member.token);
    await t.api.get(`/api/v1/users/nobody-${Date.now()}`, member.token);
    expect((await t.api.put('/api/v1/me/location', { latitude: 1, longitude: 1 }, member.token)).status).toBe(
      429,
    );
    const socket = await SocketClient.open(t.server.url, { token: member.token });
    try {
      const lines = await scrape();
      expect(
        value(lines, 'kindred_http_requests_total{route="/api/v1/me",method="GET",status="200"}'),
      ).toBeGreaterThanOrEqual(1);
      expect(
        value(lines, 'kindred_http_requests_total{route="/api/v1/users/:ref",method="GET",status="404"}'),
      ).toBe(1);
      expect(
        lines.some((l) =>
          l.startsWith('kindred_http_request_duration_seconds_bucket{le="0.05",route="/api/v1/me"'),
        ),
      ).toBe(true);
      expect(value(lines, 'kindred_http_server_errors_total')).toBe(0);
      expect(value(lines, 'kindred_db_pool_connections{state="in_use"}')).toBeGreaterThanOrEqual(0);
      expect(value(lines, 'kindred_db_pool_waiting')).toBe(0);
      expect(value(lines, 'kindred_mail_jobs_queued')).toBeGreaterThanOrEqual(0);
      expect(value(lines, 'kindred_mail_oldest_job_age_seconds')).toBeGreaterThanOrEqual(0);
      expect(value(lines, 'kindred_ws_sockets_open')).toBe(1);
      expect(value(lines, 'kindred_ws_frames_delivered_total')).toBeGreaterThanOrEqual(0);
      expect(value(lines, 'kindred_rate_limit_refusals_total{limit="locationChangesPerUser"}')).toBe(1);
      expect(value(lines, 'kindred_event_bus_reconnects_total')).toBe(0);
      expect(lines.some((l) => l.startsWith('kindred_nodejs_eventloop_lag_seconds'))).toBe(true);
    } finally {
      await socket.close();
    }
  });
});
