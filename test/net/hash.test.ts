// Chain-name hash vectors: kube-proxy's own tests and the chains every cluster has.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { base32Prefix, endpointChainName, endpointHash, prefixedHash, servicePortChainNames, servicePortHash, sha256Base32 } from '../../src/net/hash.js';

describe('kube-proxy chain hashes', () => {
  it.each([
    ['kube-system/kube-dns:dns', 'udp', 'TCOU7JCQXEZGVUNU'],
    ['default/kubernetes:https', 'tcp', 'NPX46M4PTMTKRN6Y'],
    ['ns1/svc1:p80', 'tcp', 'XPGD46QRK7WJZT7O'],
    ['ns2/svc2:p80', 'tcp', 'GNZBNJ2PO5MGZ6GT'],
    ['ns3/svc3:p80', 'tcp', 'X27LE4BHSL4DOUIK'],
    ['ns4/svc4:p80', 'tcp', '4SW47YFZTEDKD3PK'],
    ['ns5/svc5:p80', 'tcp', 'NUKIZ6OKUXPJNT4C'],
    ['ns2/svc2:p8080', 'tcp', '2VJB64SDSIJUP5T6'],
    ['ns4/svc4:p8082', 'tcp', 'EBDQOQU5SJFXRIL3'],
  ])('%s + %s -> %s', (name, proto, want) => {
    expect(servicePortHash(name, proto)).toBe(want);
  });

  it('takes the protocol in lower case, and it matters', () => {
    expect(servicePortHash('ns1/svc1:p80', 'TCP')).toBe('XPGD46QRK7WJZT7O');
    expect(servicePortHash('ns1/svc1:p80', 'udp')).not.toBe('XPGD46QRK7WJZT7O');
  });

  it.each([
    ['ns1/svc1:p80', 'tcp', '10.180.0.1:80', 'SXIVWICOYRO3J4NJ'],
    ['ns5/svc5:p80', 'tcp', '10.180.0.3:80', 'I77PXRDZVX7PMWMN'],
    ['ns1/svc1:p80', 'tcp', '10.0.1.1:80', 'SNQ3ZNILQDEJNDQO'],
  ])('endpoint %s + %s + %s -> KUBE-SEP-%s', (name, proto, ep, want) => {
    expect(endpointHash(name, proto, ep)).toBe(want);
  });

  it('encodes base32 with the RFC 4648 alphabet', () => {
    // RFC 4648 test vectors: "foobar" -> MZXW6YTBOI======
    expect(base32Prefix(new TextEncoder().encode('foobar'), 10)).toBe('MZXW6YTBOI');
    expect(base32Prefix(new TextEncoder().encode('f'), 2)).toBe('MY');
  });

  it.each([
    ['', ''],
    ['f', 'MY'],
    ['fo', 'MZXQ'],
    ['foo', 'MZXW6'],
    ['foob', 'MZXW6YQ'],
    ['fooba', 'MZXW6YTB'],
    ['foobar', 'MZXW6YTBOI'],
  ])('encodes all of %j as RFC 4648 does (without padding) when asked for more: %s', (text, want) => {
    expect(base32Prefix(new TextEncoder().encode(text), 16)).toBe(want);
  });

  it('prefixedHash is each prefix followed by the base32 hash, for any text and length', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), fc.integer({ min: 1, max: 52 }), fc.array(fc.string({ maxLength: 12 }), { maxLength: 4 }), (text, length, prefixes) => {
        expect(prefixedHash(prefixes, text, length)).toEqual(prefixes.map((p) => p + sha256Base32(text, length)));
      }),
    );
  });

  it('prefixedHash keeps a prefix beyond ASCII, or longer than its name buffer, as it is', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 12 }), fc.array(fc.string({ unit: 'binary', maxLength: 12 }), { maxLength: 3 }), (text, prefixes) => {
        expect(prefixedHash(prefixes, text, 16)).toEqual(prefixes.map((p) => p + sha256Base32(text, 16)));
      }),
    );
    const long = 'P'.repeat(300);
    expect(prefixedHash([long, 'KUBE-SEP-'], 'ns/svc:p80tcp10.0.0.1:80', 16)).toEqual([long, 'KUBE-SEP-'].map((p) => p + sha256Base32('ns/svc:p80tcp10.0.0.1:80', 16)));
  });

  it('names the chains of a service port and an endpoint with servicePortHash and endpointHash', () => {
    expect(servicePortChainNames(['KUBE-SVC-', 'KUBE-FW-'], 'ns1/svc1:p80', 'TCP')).toEqual(['KUBE-SVC-XPGD46QRK7WJZT7O', 'KUBE-FW-XPGD46QRK7WJZT7O']);
    expect(endpointChainName('KUBE-SEP-', 'ns1/svc1:p80', 'tcp', '10.180.0.1:80')).toBe('KUBE-SEP-SXIVWICOYRO3J4NJ');
  });
});
