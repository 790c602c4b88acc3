import { checkBatch } from './batch';
import { Topics } from './envelope';
import {
  InsuranceEventItemSchema,
  InvestmentRecordedSchema,
  PolicyBoundSchema,
  PolicyCancelledSchema,
  insuranceEventBatchRule,
  insuranceEventDef,
  insuranceEvents,
  policyBound,
  policyCancelled,
} from './insurance';

const bound = {
  policyId: 'POL-2025-001',
  insurerId: 'PICC_XJ',
  enterpriseId: '91650100MA77XYW12M',
  kind: 'first_set_equipment',
  premiumFen: 1_000_000,
  coverageFen: 500_000_000,
  boundOn: '2025-03-01',
  expiresOn: '2026-02-28',
};

describe('insurance contracts (DOMAIN.md §10, §11)', () => {
  it('puts every event on the insurance topic, policies keyed by policyId', () => {
    expect(insuranceEvents.map((e) => `${e.type}@${e.version}`)).toEqual(['insurer.registered@1', 'insurance.policy_bound@1', 'insurance.policy_cancelled@1', 'investment.recorded@1']);
    for (const e of insuranceEvents) expect(e.topic).toBe(Topics.insurance);
    expect(Topics.insurance).toBe('techcredit.insurance.v1');
    expect(policyBound.key(PolicyBoundSchema.parse(bound))).toBe('POL-2025-001');
    expect(policyCancelled.key({ policyId: 'POL-9', cancelledOn: '2025-05-01', refundFen: 0 })).toBe('POL-9');
  });

  it('validates policies: kinds, positive premium, expiry after binding, a checked credit code', () => {
    expect(PolicyBoundSchema.safeParse(bound).success).toBe(true);
    expect(PolicyBoundSchema.safeParse({ ...bound, kind: 'car' }).success).toBe(false);
    expect(PolicyBoundSchema.safeParse({ ...bound, premiumFen: 0 }).success).toBe(false);
    expect(PolicyBoundSchema.safeParse({ ...bound, premiumFen: 1.5 }).success).toBe(false);
    expect(PolicyBoundSchema.safeParse({ ...bound, expiresOn: bound.boundOn }).success).toBe(false);
    expect(PolicyBoundSchema.safeParse({ ...bound, enterpriseId: '91650100MA77XYW12K' }).success).toBe(false);
    expect(PolicyCancelledSchema.safeParse({ policyId: 'P', cancelledOn: '2025-05-01', refundFen: -1 }).success).toBe(false);
    expect(InvestmentRecordedSchema.safeParse({ investmentId: 'I1', enterpriseId: bound.enterpriseId, investorName: 'Tianshan VC', investorKind: 'vc', amountFen: 1, closedOn: '2024-01-01' }).success).toBe(true);
    expect(InvestmentRecordedSchema.safeParse({ investmentId: 'I1', enterpriseId: bound.enterpriseId, investorName: 'x', investorKind: 'bank', amountFen: 1, closedOn: '2024-01-01' }).success).toBe(false);
  });

  it('an insurer batch names each invalid item and refuses an event id twice; items map to their definition', () => {
    const item = { id: '0b6f1f6e-2c1a-4c59-9a7e-3f1f2b7c8d90', type: 'insurance.policy_bound', occurredAt: '2025-03-01T09:00:00+08:00', data: bound };
    const r = checkBatch({ events: [item, { ...item, data: { ...bound, premiumFen: -1 } }, item] }, insuranceEventBatchRule);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.invalidItems).toEqual([1, 2]);
    const parsed = InsuranceEventItemSchema.parse(item);
    expect(insuranceEventDef(parsed)).toBe(policyBound);
  });
});
