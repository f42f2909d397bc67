// backends/nftables/names: hashAndTruncate's cut at 240 characters, which no valid Service reaches
// (63 + 63 + 5 + 15 characters of name, plus an endpoint's address), checked on the functions.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { endpointNames, servicePortNames } from '../../../src/backends/nftables/names.js';
import { parseIP } from '../../../src/net/ip.js';
import type { PlannedEndpoint, ServicePortPlan } from '../../../src/plan/services/index.js';

/** Go's base32.StdEncoding of SHA-256, first 8 characters (kube-proxy's hashAndTruncate). */
function hash8(text: string): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  const bytes = createHash('sha256').update(text).digest();
  let bits = '';
  for (const b of bytes.subarray(0, 5)) bits += b.toString(2).padStart(8, '0');
  let out = '';
  for (let i = 0; i < 40; i += 5) out += alphabet[parseInt(bits.slice(i, i + 5), 2)];
  return out;
}

const sp = (name: string) => ({ namespace: 'ns', name, protocol: 'tcp', portName: 'p' }) as unknown as ServicePortPlan;

describe('nftables names', () => {
  it('a base of 240 characters is kept whole', () => {
    // "ns/" + name + "/tcp/p" = 222 + 9 characters; with the hash and hyphen, 240.
    const name = 'a'.repeat(222);
    const key = `ns/${name}/tcp/p`;
    expect(key.length).toBe(231);
    const names = servicePortNames(sp(name));
    expect(names.service).toBe(`service-${hash8(key)}-${key}`);
    expect(names.service.length).toBe(8 + 240);
    expect(names.local).toBe(`local-${hash8(key)}-${key}`);
    expect(names.external).toBe(`external-${hash8(key)}-${key}`);
    expect(names.firewall).toBe(`firewall-${hash8(key)}-${key}`);
  });

  it('a base of 241 characters is cut to 237 and "..."', () => {
    const name = 'b'.repeat(223);
    const key = `ns/${name}/tcp/p`;
    const base = `${hash8(key)}-${key}`.slice(0, 237) + '...';
    expect(servicePortNames(sp(name))).toEqual({ service: `service-${base}`, local: `local-${base}`, external: `external-${base}`, firewall: `firewall-${base}` });
    expect(base.length).toBe(240);
  });

  it('an endpoint: IP and port after "__", IPv6 colons as dots, and its affinity set', () => {
    const ep = { ip: parseIP('fd00::1:2')!.ip, port: 8080 } as unknown as PlannedEndpoint;
    const key = 'ns/s/tcp/p__fd00..1.2/8080';
    expect(endpointNames(sp('s'), ep)).toEqual({ chain: `endpoint-${hash8(key)}-${key}`, affinity: `affinity-${hash8(key)}-${key}` });
  });
});
