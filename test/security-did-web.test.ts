/**
 * No server-side request forgery through did:web. A DID names a host, and
 * the DID's controller chooses what that host resolves to: a name that
 * resolves to a private, link-local or loopback address is refused at the
 * moment of connecting (the socket's own lookup), with no connection made,
 * whatever the literal in the DID looked like. Status lists already follow
 * the same policy (packages/verifier/test/fetch-policy.test.ts).
 */
import type { LookupAddress } from 'node:dns';
import { createServer, type Server, type Socket } from 'node:net';
import { loadFixture, buildMicroCredential } from '@microcred/model';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDidResolver, generateKey, secureCredential } from '@microcred/securing';
import { verify } from '@microcred/verifier';

let server: Server;
let port: number;
const sockets: Socket[] = [];

beforeAll(async () => {
  // Counts TCP connections; speaks no TLS, so any connection that gets here fails its handshake.
  server = createServer((socket) => {
    sockets.push(socket);
    socket.destroy();
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  port = (server.address() as { port: number }).port;
});
afterAll(() => new Promise<void>((done) => server.close(() => done())));

/** A fake DNS: the DID's host resolves to whatever the attacker published. */
function dns(answers: Record<string, string[]>) {
  const asked: string[] = [];
  const resolveHost = async (hostname: string): Promise<LookupAddress[]> => {
    asked.push(hostname);
    const addresses = answers[hostname];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return { resolveHost, asked };
}

describe('did:web host names that resolve to private addresses', () => {
  it.each([
    ['10.0.0.5', 'private'],
    ['172.20.1.1', 'private'],
    ['192.168.1.10', 'private'],
    ['169.254.169.254', 'private'],
    ['100.64.0.1', 'private'],
    ['0.0.0.0', 'private'],
    ['fd00::1', 'private'],
    ['fe80::1', 'private'],
    ['::ffff:10.0.0.1', 'private'],
    ['127.0.0.1', 'loopback'],
    ['::1', 'loopback'],
  ])('refuses a host that resolves to %s before connecting', async (address, kind) => {
    const before = sockets.length;
    const { resolveHost, asked } = dns({ 'issuer.attacker.example': [address] });
    const error = await createDidResolver({ resolveHost })
      .resolve(`did:web:issuer.attacker.example%3A${port}`)
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'ERR_DID_WEB_INSECURE', message: expect.stringContaining(kind === 'loopback' ? 'loopback' : 'private or reserved') });
    expect(asked).toEqual(['issuer.attacker.example']);
    expect(sockets.length).toBe(before);
  });

  it('refuses when any of several answers is private (a public first answer does not launder a private one)', async () => {
    const { resolveHost } = dns({ 'mixed.attacker.example': ['93.184.216.34', '10.1.2.3'] });
    await expect(createDidResolver({ resolveHost }).resolve('did:web:mixed.attacker.example')).rejects.toMatchObject({ code: 'ERR_DID_WEB_INSECURE' });
  });

  it('connects where the policy allows it (loopback in test mode): the check is on the connection, not the DID text', async () => {
    const before = sockets.length;
    const { resolveHost } = dns({ 'rebind.test': ['127.0.0.1'] });
    const error = await createDidResolver({ allowHttp: true, resolveHost, timeoutMs: 2000 })
      .resolve(`did:web:rebind.test%3A${port}`)
      .catch((e: unknown) => e);
    // It got through to the socket (which then spoke no TLS): allowed addresses are reached, refused ones never.
    expect(error).toMatchObject({ code: 'ERR_DID_NOT_RESOLVED' });
    expect(sockets.length).toBe(before + 1);
  });

  it('makes a credential from such an issuer "could not check", never valid, with the reason in words', async () => {
    const key = await generateKey({ type: 'Ed25519', did: 'web', domain: 'metadata.attacker.example' });
    const credential = buildMicroCredential(loadFixture('minimal'), { issuer: { id: key.controller, name: 'Attacker' }, id: 'urn:uuid:8e8e8e8e-1111-4222-8333-444455556666' });
    const secured = await secureCredential(credential, { key, format: 'di' });
    const { resolveHost } = dns({ 'metadata.attacker.example': ['169.254.169.254'] });
    const report = await verify(secured.credential, { didResolver: createDidResolver({ resolveHost }) });
    expect(report.verdict).not.toBe('valid');
    expect(JSON.stringify(report.checks)).toMatch(/169\.254\.169\.254 is a private or reserved address/);
  });
});
