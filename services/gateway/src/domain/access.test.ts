import { isListed, loanBankId, loanEnterpriseId, regionQuery, regulatorCoversEnterprise } from './access';
import { eventSource, scopedBankId } from './scope';

describe('regionQuery', () => {
  it("passes the token's region scope", () => {
    expect(regionQuery('6501')).toEqual({ region: '6501' });
    expect(regionQuery('65')).toEqual({ region: '65' });
  });
});

describe('regulatorCoversEnterprise', () => {
  it("compares the region with the registry's prefecture", () => {
    expect(regulatorCoversEnterprise('6501', { prefecture: '6501' })).toBe(true);
    expect(regulatorCoversEnterprise('6501', { prefecture: '6531' })).toBe(false);
    expect(regulatorCoversEnterprise('65', { prefecture: '6531' })).toBe(true);
  });
  it('refuses when the answer has no prefecture', () => {
    expect(regulatorCoversEnterprise('65', {})).toBe(false);
    expect(regulatorCoversEnterprise('65', null)).toBe(false);
    expect(regulatorCoversEnterprise('6501', { prefecture: 6501 })).toBe(false);
  });
});

describe('answers of internal services', () => {
  it('isListed only for listed: true', () => {
    expect(isListed({ listed: true })).toBe(true);
    expect(isListed({ listed: 'true' })).toBe(false);
    expect(isListed({})).toBe(false);
    expect(isListed(undefined)).toBe(false);
  });
  it("reads a loan's bank and borrower", () => {
    expect(loanBankId({ bankId: 'B001', enterpriseId: 'E' })).toBe('B001');
    expect(loanEnterpriseId({ bankId: 'B001', enterpriseId: 'E' })).toBe('E');
    expect(loanBankId({})).toBeUndefined();
    expect(loanEnterpriseId(null)).toBeUndefined();
  });
});

describe('scopedBankId', () => {
  const bank = { role: 'bank', bankId: 'B001', sub: 'u' } as const;
  const regulator = { role: 'regulator', region: '65', sub: 'r' } as const;
  it("forces a bank's own bankId and refuses another", () => {
    expect(scopedBankId(bank, undefined)).toEqual({ ok: true, bankId: 'B001' });
    expect(scopedBankId(bank, 'B001')).toEqual({ ok: true, bankId: 'B001' });
    expect(scopedBankId(bank, 'B002')).toEqual({ ok: false, message: 'a bank sees only its own bankId (B001)' });
  });
  it('lets a regulator ask for any bank or none', () => {
    expect(scopedBankId(regulator, 'B002')).toEqual({ ok: true, bankId: 'B002' });
    expect(scopedBankId(regulator, undefined)).toEqual({ ok: true, bankId: undefined });
  });
});

describe('eventSource', () => {
  it('names the publisher; a bank as bank:<bankId>', () => {
    expect(eventSource({ role: 'bank', bankId: 'B001', sub: 'u' })).toBe('bank:B001');
    expect(eventSource({ role: 'regulator', region: '65', sub: 'r' })).toBe('regulator:65');
    expect(eventSource({ role: 'admin', sub: 'x'.repeat(200) })).toHaveLength(100);
  });
});
