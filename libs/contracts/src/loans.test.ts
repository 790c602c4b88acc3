import {
  LoanDisbursedSchema,
  LoanDisbursedV2Schema,
  loanDisbursed,
  loanDisbursedV2,
  loanEventDef,
  LoanEventBatchSchema,
  LoanEventItemSchema,
  PledgeRegisteredSchema,
  loanEvents,
  pledgeReleased,
  pledgeRegistered,
} from './loans';
import { Topics } from './envelope';

const disbursed = {
  loanId: 'L-2024:001',
  bankId: 'ICBC_XJ',
  enterpriseId: '91650100MA77XYW12K',
  principalFen: 500_000_000,
  rateBp: 360,
  disbursedOn: '2024-07-21',
  maturityOn: '2025-07-21',
  guaranteeType: 'ip_pledge',
};

const asset = { kind: 'invention_patent', registrationNo: 'ZL202310000001.X', appraisedValueFen: 1_000_000_000, expiresOn: '2040-01-01' };
const pledge = {
  pledgeId: 'P-1',
  loanId: 'L-2024:001',
  assets: [asset],
  cnipaRegistrationNo: 'Y2024650000123',
  registeredOn: '2024-07-25',
  appraisalFeeFen: 0,
  insurancePremiumFen: 120_000,
};

describe('loan.disbursed schema', () => {
  it('accepts a well-formed disbursement', () => {
    expect(LoanDisbursedSchema.parse(disbursed)).toEqual(disbursed);
  });

  it.each([
    ['maturity equal to disbursement', { maturityOn: '2024-07-21' }],
    ['maturity before disbursement', { maturityOn: '2024-07-20' }],
    ['principal 0', { principalFen: 0 }],
    ['fractional principal', { principalFen: 1.5 }],
    ['rate above 10000 bp', { rateBp: 10_001 }],
    ['negative rate', { rateBp: -1 }],
    ['enterprise id with a letter outside the USCC alphabet (I)', { enterpriseId: '91650100MA77XYW12I' }],
    ['enterprise id of 17 characters', { enterpriseId: '91650100MA77XYW12' }],
    ['loan id with a space', { loanId: 'L 1' }],
    ['loan id of 65 characters', { loanId: 'x'.repeat(65) }],
    ['unknown guarantee type', { guaranteeType: 'mortgage' }],
    ['not a calendar date', { disbursedOn: '2024-02-30' }],
    ['an unknown field (strict)', { note: 'x' }],
  ])('rejects %s', (_name, patch) => {
    expect(LoanDisbursedSchema.safeParse({ ...disbursed, ...patch }).success).toBe(false);
  });
});

describe('pledge.registered schema', () => {
  it('accepts a pledge with one asset', () => {
    expect(PledgeRegisteredSchema.safeParse(pledge).success).toBe(true);
  });

  it('rejects no assets, 51 assets and the same asset twice', () => {
    const many = Array.from({ length: 51 }, (_, i) => ({ ...asset, registrationNo: `R${i}` }));
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: [] }).success).toBe(false);
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: many }).success).toBe(false);
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: many.slice(0, 50) }).success).toBe(true);
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: [asset, { ...asset }] }).success).toBe(false);
    // Same registration number, different kind: two distinct assets.
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: [asset, { ...asset, kind: 'trademark' }] }).success).toBe(true);
  });

  it('rejects an unknown asset kind and a negative fee', () => {
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, assets: [{ ...asset, kind: 'domain_name' }] }).success).toBe(false);
    expect(PledgeRegisteredSchema.safeParse({ ...pledge, appraisalFeeFen: -1 }).success).toBe(false);
  });
});

describe('event registry', () => {
  it('puts every loan and pledge event on the loan topic, keyed by loanId; loan.disbursed in versions 1 and 2, the rest version 1', () => {
    expect(loanEvents.map((e) => `${e.type}@${e.version}`)).toEqual([
      'loan.disbursed@1',
      'loan.disbursed@2',
      'loan.repaid@1',
      'loan.written_off@1',
      'loan.extended@1',
      'pledge.registered@1',
      'pledge.released@1',
    ]);
    for (const e of loanEvents) expect(e.topic).toBe(Topics.loan);
    expect(pledgeRegistered.key(PledgeRegisteredSchema.parse(pledge))).toBe('L-2024:001');
    expect(pledgeReleased.key({ pledgeId: 'P-1', loanId: 'L-9', releasedOn: '2025-01-01' })).toBe('L-9');
  });

  it('loan.disbursed v2 adds an optional productId; v1 stays strict; an intake item is published as v2 only with a productId', () => {
    expect(LoanDisbursedSchema.safeParse({ ...disbursed, productId: 'P-1' }).success).toBe(false);
    expect(LoanDisbursedV2Schema.safeParse({ ...disbursed, productId: 'P-1' }).success).toBe(true);
    expect(LoanDisbursedV2Schema.safeParse(disbursed).success).toBe(true);
    expect(LoanDisbursedV2Schema.safeParse({ ...disbursed, productId: 'bad id' }).success).toBe(false);
    expect(LoanDisbursedV2Schema.safeParse({ ...disbursed, maturityOn: disbursed.disbursedOn }).success).toBe(false);
    expect(loanEventDef({ type: 'loan.disbursed', data: { ...disbursed, productId: 'P-1' } })).toBe(loanDisbursedV2);
    expect(loanEventDef({ type: 'loan.disbursed', data: disbursed })).toBe(loanDisbursed);
    expect(loanEventDef({ type: 'loan.repaid', data: {} }).version).toBe(1);
  });
});

describe('event registry (v1 types)', () => {
  it('every type but loan.disbursed has one version', () => {
    expect([...new Set(loanEvents.map((e) => e.type))]).toEqual([
      'loan.disbursed',
      'loan.repaid',
      'loan.written_off',
      'loan.extended',
      'pledge.registered',
      'pledge.released',
    ]);
    expect(loanEvents.filter((e) => e.type !== 'loan.disbursed').every((e) => e.version === 1)).toBe(true);
  });
});

describe('HTTP intake items and batches', () => {
  const id = '0b6f1f6e-2c1a-4c59-9a7e-3f1f2b7c8d90';
  const item = { id, type: 'loan.disbursed', occurredAt: '2024-07-21T09:30:00+08:00', data: disbursed };

  it('validates data against the schema of its type', () => {
    expect(LoanEventItemSchema.safeParse(item).success).toBe(true);
    // A repayment's data under the disbursement type is rejected.
    expect(LoanEventItemSchema.safeParse({ ...item, data: { loanId: 'L-1', amountFen: 1, repaidOn: '2024-08-01' } }).success).toBe(false);
    expect(LoanEventItemSchema.safeParse({ ...item, type: 'loan.repaid', data: { loanId: 'L-1', amountFen: 1, repaidOn: '2024-08-01' } }).success).toBe(true);
    expect(LoanEventItemSchema.safeParse({ ...item, type: 'loan.cancelled' }).success).toBe(false);
    expect(LoanEventItemSchema.safeParse({ ...item, id: 'not-a-uuid' }).success).toBe(false);
    expect(LoanEventItemSchema.safeParse({ ...item, occurredAt: '2024-07-21' }).success).toBe(false);
  });

  it('accepts 1..1000 items', () => {
    expect(LoanEventBatchSchema.safeParse({ events: [] }).success).toBe(false);
    expect(LoanEventBatchSchema.safeParse({ events: [item] }).success).toBe(true);
    expect(LoanEventBatchSchema.safeParse({ events: Array(1000).fill(item) }).success).toBe(true);
    expect(LoanEventBatchSchema.safeParse({ events: Array(1001).fill(item) }).success).toBe(false);
  });
});
