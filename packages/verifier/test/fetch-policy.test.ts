/** The verifier fetches what strangers point it at only under a strict policy (no SSRF). */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetchJson, FetchRefusedError } from '../src/index.ts';

let server: Server;
let base: string;
let hits = 0;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits++;
    if (req.url === '/ok') return void res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'max-age=60' }).end('{"a":1}');
    if (req.url === '/same-host') return void res.writeHead(302, { location: '/ok' }).end();
    if (req.url === '/other-host') return void res.writeHead(302, { location: 'https://example.org/list' }).end();
    if (req.url === '/big') return void res.writeHead(200).end(`{"x":"${'a'.repeat(5000)}"}`);
    if (req.url === '/slow') return; // never answers
    if (req.url === '/html') return void res.writeHead(200).end('<html>');
    res.writeHead(404).end();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => {
  server.closeAllConnections();
  return new Promise<void>((done) => server.close(() => done()));
});

async function refusal(url: string, policy = {}) {
  try {
    await fetchJson(url, policy);
  } catch (error) {
    expect(error).toBeInstanceOf(FetchRefusedError);
    return error as FetchRefusedError;
  }
  throw new Error(`expected ${url} to be refused`);
}

describe('fetching status lists and documents', () => {
  it('fetches from 127.0.0.1 only when loopback is allowed, and reads Cache-Control', async () => {
    const before = hits;
    expect((await refusal(`${base}/ok`)).code).toBe('ERR_FETCH_REFUSED');
    expect(hits).toBe(before);
    expect(await fetchJson(`${base}/ok`, { allowLoopback: true })).toEqual({ value: { a: 1 }, maxAge: 60, etag: undefined });
  });

  it('refuses plain http to anyone else, and private addresses even over https', async () => {
    expect((await refusal('http://example.org/list', { allowLoopback: true })).message).toMatch(/only https/);
    expect((await refusal('https://10.0.0.8/list')).message).toMatch(/private or reserved/);
    expect((await refusal('https://192.168.1.1/list')).message).toMatch(/private or reserved/);
    expect((await refusal('https://169.254.169.254/latest/meta-data')).message).toMatch(/private or reserved/);
    expect((await refusal('https://[::1]/list')).message).toMatch(/loopback/);
    expect((await refusal('file:///etc/passwd')).message).toMatch(/only https/);
  });

  it('follows a redirect on the same host but never to another host', async () => {
    expect((await fetchJson(`${base}/same-host`, { allowLoopback: true })).value).toEqual({ a: 1 });
    expect((await refusal(`${base}/other-host`, { allowLoopback: true })).message).toMatch(/redirects to another host/);
  });

  it('stops at the size limit and the time limit, and refuses what is not JSON', async () => {
    expect((await refusal(`${base}/big`, { allowLoopback: true, maxBytes: 1000 })).code).toBe('ERR_FETCH_TOO_LARGE');
    expect((await refusal(`${base}/slow`, { allowLoopback: true, timeoutMs: 200 })).code).toBe('ERR_FETCH_TIMEOUT');
    expect((await refusal(`${base}/html`, { allowLoopback: true })).code).toBe('ERR_FETCH_NOT_JSON');
    expect((await refusal(`${base}/missing`, { allowLoopback: true })).message).toMatch(/HTTP 404/);
  });
});
