// src/check/validators.ts: the apimachinery syntax rules for names, labels and ports. Each
// returns undefined for a valid value and an error text otherwise.
import { describe, expect, it } from 'vitest';
import {
  dns1035Label,
  dns1123Label,
  dns1123Subdomain,
  ianaServiceName,
  interfaceName,
  labelValue,
  portNumber,
  qualifiedName,
} from '../../src/check/validators.js';

const LABEL_CHARS = "must be a DNS-1123 label: lower-case letters, digits and '-', starting and ending with a letter or digit";
const LABEL_1035 = "must be a DNS-1035 label: lower-case letters, digits and '-', starting with a letter and ending with a letter or digit";
const SUBDOMAIN = "must be a DNS-1123 subdomain: lower-case letters, digits, '-' and '.', starting and ending with a letter or digit";
const NAME_PART = "name part must consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const VALUE = "must be empty or consist of letters, digits, '-', '_' or '.', starting and ending with a letter or digit";
const IANA = "must contain only lower-case letters, digits and '-', starting and ending with a letter or digit";

describe('dns1123Label', () => {
  it.each(['a', '0', 'web-1', '1web', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(dns1123Label(v)).toBeUndefined();
  });
  it.each(['', 'Web', 'web.v2', '-web', 'web-', 'we_b', 'web 1', 'web"', 'web\n'])('rejects %j', (v) => {
    expect(dns1123Label(v)).toBe(LABEL_CHARS);
  });
  it('limits the length to 63', () => {
    expect(dns1123Label('a'.repeat(64))).toBe('must be no more than 63 characters');
  });
});

describe('dns1035Label', () => {
  it.each(['a', 'web-1', 'a'.repeat(63)])('accepts %j', (v) => {
    expect(dns1035Label(v)).toBeUndefined();
  });
  it.each(['', '1web', '0', 'web.v2', 'web-', 'Web'])('rejects %j', (v) => {
    expect(dns1035Label(v)).toBe(LABEL_1035);
  });
  it('limits the length to 63', () => {
    expect(dns1035Label('a'.repeat(64))).toBe('must be no more than 63 characters');
  });
});

describe('dns1123Subdomain', () => {
  const max = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
  it.each(['a', 'node-a.example.com', '1.2.3.4', max])('accepts %j', (v) => {
    expect(dns1123Subdomain(v)).toBeUndefined();
  });
  it.each(['', 'Node-A', 'a..b', '.a', 'a.', '-a.b', 'a-.b', 'node_a', 'a b'])('rejects %j', (v) => {
    expect(dns1123Subdomain(v)).toBe(SUBDOMAIN);
  });
  it('limits the length to 253', () => {
    expect(max).toHaveLength(253);
    expect(dns1123Subdomain(`${max}e`)).toBe('must be no more than 253 characters');
  });
});

describe('qualifiedName (label and selector keys)', () => {
  it.each(['app', 'App_Name.v-1', 'example.com/app', 'kubernetes.io/service-name', 'a'.repeat(63), `${'p'.repeat(253)}/x`])(
    'accepts %j',
    (v) => {
      expect(qualifiedName(v)).toBeUndefined();
    },
  );
  it.each([
    ['', 'name part must not be empty'],
    ['example.com/', 'name part must not be empty'],
    ['/app', 'prefix part must not be empty'],
    ['a/b/c', "must be a name with at most one '/' (an optional DNS subdomain prefix and a name)"],
    ['Example.com/app', `prefix part ${SUBDOMAIN}`],
    [`${'p'.repeat(254)}/x`, 'prefix part must be no more than 253 characters'],
    ['a'.repeat(64), 'name part must be no more than 63 characters'],
    ['-app', NAME_PART],
    ['app-', NAME_PART],
    ['a b', NAME_PART],
    ['app"', NAME_PART],
  ])('rejects %j', (v, msg) => {
    expect(qualifiedName(v)).toBe(msg);
  });
});

describe('labelValue', () => {
  it.each(['', 'web', 'no', 'A_b.c-1', 'v'.repeat(63)])('accepts %j', (v) => {
    expect(labelValue(v)).toBeUndefined();
  });
  it.each(['-web', 'web_', 'a b', 'a/b', 'x;y', 'web\n'])('rejects %j', (v) => {
    expect(labelValue(v)).toBe(VALUE);
  });
  it('limits the length to 63', () => {
    expect(labelValue('v'.repeat(64))).toBe('must be no more than 63 characters');
  });
});

describe('ianaServiceName (container port names, named ports)', () => {
  it.each(['http', 'y', 'h2c', 'dns-tcp', '8080a', 'a'.repeat(15)])('accepts %j', (v) => {
    expect(ianaServiceName(v)).toBeUndefined();
  });
  it.each([
    ['a'.repeat(16), 'must be no more than 15 characters'],
    ['Http', IANA],
    ['-http', IANA],
    ['http-', IANA],
    ['http_1', IANA],
    ['', IANA],
    ['http"', IANA],
    ['web--api', "must not contain consecutive '-'"],
    ['8080', 'must contain at least one letter'],
    ['80-80', 'must contain at least one letter'],
  ])('rejects %j', (v, msg) => {
    expect(ianaServiceName(v)).toBe(msg);
  });
});

describe('portNumber', () => {
  it.each([1, 80, 65535])('accepts %i', (v) => {
    expect(portNumber(v)).toBeUndefined();
  });
  it.each([0, -1, 65536, 80.5, Number.NaN])('rejects %d', (v) => {
    expect(portNumber(v)).toBe('must be between 1 and 65535');
  });
});

describe('interfaceName', () => {
  it.each(['eth0', 'cbr0', 'veth', 'bond0.100', 'a'.repeat(15), 'vlan@eth0', 'ib:0', 'br-ex_1'])('accepts %j', (v) => {
    expect(interfaceName(v)).toBeUndefined();
  });
  it.each(['', 'a'.repeat(16)])('rejects the length of %j', (v) => {
    expect(interfaceName(v)).toBe('must be 1 to 15 characters');
  });
  it.each(['eth0 -j', 'eth0"', 'eth0\n', 'eth/0', 'eth+', 'eth0;'])('rejects %j, which could leave a rule', (v) => {
    expect(interfaceName(v)).toBe("may contain only letters, digits and '_', '.', ':', '@', '-'");
  });
});
