import { computeLendingStats } from '@techcredit/stats/src/domain';
import { toStatsInput, type DesignationGrantRecord, type EnterpriseRecord, type LoanEventRecord } from '@techcredit/scenario';
import { AS_OF, addEnterpriseFigures, emptyFigures, enterpriseAt, loansOf, newPledgeFactory } from '../bench/national-data';
import { keyFigures } from '../scripts/lib/scenario-check';

describe('bench:national data', () => {
  it('is a pure function of (seed, enterprise seq)', () => {
    const a = loansOf(7, enterpriseAt(7, 123), newPledgeFactory(7));
    const b = loansOf(7, enterpriseAt(7, 123), newPledgeFactory(7));
    expect(b).toEqual(a);
    expect(enterpriseAt(8, 123)).not.toEqual(enterpriseAt(7, 123));
  });

  it('its streamed §7 figures equal the stats domain folding every loan', () => {
    const pledges = newPledgeFactory(2024);
    const acc = emptyFigures();
    const enterprises: EnterpriseRecord[] = [];
    const designationGrants: DesignationGrantRecord[] = [];
    const loanEvents: LoanEventRecord[] = [];
    for (let seq = 0; seq < 1500; seq++) {
      const e = enterpriseAt(2024, seq);
      const { events } = loansOf(2024, e, pledges);
      addEnterpriseFigures(acc, e, events);
      enterprises.push(e.enterprise);
      designationGrants.push(...e.grants);
      loanEvents.push(...events);
    }
    const totalLoans = [{ date: '2023-12-31', balanceFen: 1e15 }, { date: AS_OF, balanceFen: 1.1e15 }];
    const stats = computeLendingStats(toStatsInput({ enterprises, designationGrants, loanEvents, totalLoans }), AS_OF);
    expect(acc).toEqual(keyFigures(stats));
    expect(acc.supported[0]).toBeGreaterThan(500);
    expect(loanEvents.filter((e) => e.type === 'loan.disbursed').length / 1500).toBeGreaterThan(5.5);
  });
});
