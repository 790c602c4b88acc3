import { BankRegisteredEvent, BankRegistration, DesignationGrant, DesignationGrantedEvent, EnterpriseRegisteredEvent, EnterpriseRegistration, UsccSchema, registryEvents } from './registry';
import { Topics } from './envelope';

const enterprise = {
  enterpriseId: '91650100000000019J', // makeUscc(1)
  name: '新疆示例科技有限公司',
  prefecture: '6501',
  zone: 'urumqi',
  cluster: 'new_power',
  establishedOn: '2019-05-20',
};

describe('UsccSchema', () => {
  it('accepts a valid code and names the reason for an invalid one', () => {
    expect(UsccSchema.safeParse('91350100M000100Y43').success).toBe(true);
    const r = UsccSchema.safeParse('91350100M000100Y44');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toMatch(/CHECK_DIGIT/);
    expect(UsccSchema.safeParse('9135').success).toBe(false);
  });
});

describe('EnterpriseRegistration', () => {
  it('accepts a registration, with or without zone and cluster', () => {
    expect(EnterpriseRegistration.parse(enterprise)).toEqual(enterprise);
    expect(EnterpriseRegistration.safeParse({ ...enterprise, zone: null, cluster: null }).success).toBe(true);
  });

  it.each([
    ['unknown prefecture', { prefecture: '6503' }],
    ['unknown zone', { zone: 'kashgar' }],
    ['missing zone (must be explicit null)', { zone: undefined }],
    ['bad date', { establishedOn: '2019-02-30' }],
    ['bad credit code', { enterpriseId: '91650100000000019K' }],
    ['extra field', { extra: 1 }],
  ])('rejects: %s', (_label, patch) => {
    expect(EnterpriseRegistration.safeParse({ ...enterprise, ...patch }).success).toBe(false);
  });
});

describe('DesignationGrant', () => {
  it('validTo is optional, nullable, and not before validFrom', () => {
    expect(DesignationGrant.safeParse({ code: 'HTE', validFrom: '2023-01-01' }).success).toBe(true);
    expect(DesignationGrant.safeParse({ code: 'HTE', validFrom: '2023-01-01', validTo: null }).success).toBe(true);
    expect(DesignationGrant.safeParse({ code: 'HTE', validFrom: '2023-01-01', validTo: '2023-01-01' }).success).toBe(true);
    expect(DesignationGrant.safeParse({ code: 'HTE', validFrom: '2023-01-01', validTo: '2022-12-31' }).success).toBe(false);
    expect(DesignationGrant.safeParse({ code: 'XYZ', validFrom: '2023-01-01' }).success).toBe(false);
  });
});

describe('BankRegistration', () => {
  const bank = { bankId: 'ICBC-XJ', name: '工商银行新疆分行', relendingEligible: true, relendingQuotaFen: 1_000_000_000_000 };
  it('valid and invalid', () => {
    expect(BankRegistration.safeParse(bank).success).toBe(true);
    expect(BankRegistration.safeParse({ ...bank, bankId: 'icbc' }).success).toBe(false);
    expect(BankRegistration.safeParse({ ...bank, bankId: 'X' }).success).toBe(false);
    expect(BankRegistration.safeParse({ ...bank, relendingQuotaFen: 1.5 }).success).toBe(false);
    expect(BankRegistration.safeParse({ ...bank, relendingQuotaFen: -1 }).success).toBe(false);
  });
  it('event key is the bank id', () => {
    expect(BankRegisteredEvent.key(BankRegistration.parse(bank))).toBe('ICBC-XJ');
  });
});

describe('registry events', () => {
  it('are version 1 on the registry topic, keyed by the aggregate id', () => {
    expect(registryEvents.map((e) => e.type)).toEqual(['enterprise.registered', 'enterprise.designation_granted', 'bank.registered']);
    for (const e of registryEvents) {
      expect(e.topic).toBe(Topics.registry);
      expect(e.version).toBe(1);
    }
    expect(EnterpriseRegisteredEvent.key(EnterpriseRegistration.parse(enterprise))).toBe(enterprise.enterpriseId);
    const granted = DesignationGrantedEvent.schema.parse({ enterpriseId: enterprise.enterpriseId, code: 'TSME', validFrom: '2024-03-01', validTo: '2025-02-28' });
    expect(DesignationGrantedEvent.key(granted)).toBe(enterprise.enterpriseId);
    expect(DesignationGrantedEvent.schema.safeParse({ enterpriseId: enterprise.enterpriseId, code: 'TSME', validFrom: '2024-03-01', validTo: '2024-02-28' }).success).toBe(false);
  });
});
