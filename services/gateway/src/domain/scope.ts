import type { Principal } from '@techcredit/auth';

/**
 * A bank sees only its own data: a `bankId` it asks for must be its own, and when it asks for none its own
 * is filled in. Regulators may ask for any bank (or none). Pure; the route turns a refusal into a 403.
 */
export type BankScope = { ok: true; bankId: string | undefined } | { ok: false; message: string };

export function scopedBankId(p: Principal, requested: string | undefined): BankScope {
  if (p.role !== 'bank') return { ok: true, bankId: requested };
  if (requested !== undefined && requested !== p.bankId) return { ok: false, message: `a bank sees only its own bankId (${p.bankId})` };
  return { ok: true, bankId: p.bankId };
}

/** The `source` of events a principal publishes through the gateway (envelope source: ≤ 100 characters). */
export function eventSource(p: Principal): string {
  switch (p.role) {
    case 'bank':
      return `bank:${p.bankId}`;
    case 'enterprise':
      return `enterprise:${p.enterpriseId}`;
    case 'regulator':
      return `regulator:${p.region}`;
    case 'insurer':
      return `insurer:${p.insurerId}`;
    case 'admin':
      return `admin:${p.sub}`.slice(0, 100);
  }
}
