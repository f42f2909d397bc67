// src/plan/unused.ts: what a proxier of one family leaves out, and which flag compiles it.
import { describe, expect, it } from 'vitest';
import { otherFamilyNotes } from '../../src/plan/unused.js';
import { model } from '../helpers/plan.js';

const CLUSTER = `apiVersion: v1
kind: Service
metadata: {name: v4, namespace: app}
spec: {clusterIP: 10.96.0.4, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: v6, namespace: app}
spec: {clusterIP: "fd00::6", ipFamilies: [IPv6], ports: [{port: 80}]}
`;

describe('notes on what the other family holds', () => {
  it('the IPv4 proxier points at --ip-family ipv6 for an IPv6-only Service', () => {
    const notes = otherFamilyNotes(model(CLUSTER).cluster, 4);
    expect(notes.map((d) => ({ message: d.message, hint: d.hint }))).toEqual([
      {
        message: "Service app/v6 has no IPv4 cluster IP, only an IPv6 one: kube-proxy's IPv4 proxier leaves it out",
        hint: 'compile with --ip-family ipv6 for the IPv6 rules',
      },
    ]);
  });

  it('the IPv6 proxier points at --ip-family ipv4 for an IPv4-only Service', () => {
    const notes = otherFamilyNotes(model(CLUSTER).cluster, 6);
    expect(notes.map((d) => ({ message: d.message, hint: d.hint }))).toEqual([
      {
        message: "Service app/v4 has no IPv6 cluster IP, only an IPv4 one: kube-proxy's IPv6 proxier leaves it out",
        hint: 'compile with --ip-family ipv4 for the IPv4 rules',
      },
    ]);
  });
});
