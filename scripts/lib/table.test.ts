import { displayWidth, formatTable } from './table';
import { fenToWan, reportTables } from './report-tables';

describe('formatTable', () => {
  it('lines up columns, counting Chinese characters as two terminal columns; numbers right-aligned; missing as —', () => {
    const lines = formatTable(['prefecture', 'enterprises', 'balance (亿元)'], [
      ['乌鲁木齐市', 1234, '10.50'],
      ['Karamay', 7, null],
    ]);
    expect(lines).toEqual([
      '| prefecture | enterprises | balance (亿元) |',
      '|------------|------------:|---------------:|',
      '| 乌鲁木齐市 |        1234 |          10.50 |',
      '| Karamay    |           7 |              — |',
    ]);
    expect(new Set(lines.map(displayWidth)).size).toBe(1);
  });

  it('keeps text columns left-aligned and honours an explicit alignment', () => {
    const lines = formatTable([{ header: 'k', align: 'right' }, 'v'], [['a', 'x1'], ['bbb', '2']]);
    expect(lines).toEqual(['|   k | v   |', '|----:|-----|', '|   a | x1  |', '| bbb | 2   |']);
    expect([displayWidth('ＡＢ'), displayWidth('é'), displayWidth('e\u0301')]).toEqual([4, 1, 1]);
  });
});

describe('reportTables', () => {
  const report = {
    asOf: '2024-12-31',
    year: 2024,
    region: '65',
    relending: {
      banks: [
        { bankId: 'B001', relendingEligible: true, eligibleLoans: 3, claimsFen: 12_345_678, applications: 2, appliedFen: 9_000_000, interestFen: 123_456, quotaFen: 100_000_000, quotaUsedFen: 9_000_000 },
        { bankId: 'B009', relendingEligible: false, eligibleLoans: 0, claimsFen: 0, applications: 0, appliedFen: 0, interestFen: 0, quotaFen: 0, quotaUsedFen: 0 },
      ],
      totals: { eligibleLoans: 3, claimsFen: 12_345_678, applications: 2, appliedFen: 9_000_000, interestFen: 123_456, quotaFen: 100_000_000, quotaUsedFen: 9_000_000 },
      ineligibleByReason: { NOT_TECH: 4 },
    },
    subsidies: {
      enterprises: 2,
      interest: { grossFen: 5_000_000, subsidyFen: 1_500_000, payableFen: 500_000, accruingFen: 1_000_000, subsidisedLoans: 2, cappedLoanYears: 1, overLoanLimitLoanYears: 0, forfeitedLoans: 0, ineligibleLoans: { RATE_TOO_HIGH: 1 } },
      fees: { pledges: 1, appraisalFen: 300_000, insuranceFen: 200_000, totalFen: 500_000 },
      totalFen: 2_000_000,
    },
    scores: { grades: { A: 1, B: 2, C: 0, D: 1 }, vetoed: 1, scored: 4 },
  };

  it('prints the three summaries as tables: banks with activity and the total, subsidy figures in 万元, grades with shares', () => {
    const [relending, subsidies, scores] = reportTables(report);
    expect(relending!.title).toBe('Re-lending summary (year 2024, region 65)');
    expect(relending!.lines.filter((l) => l.startsWith('| B0'))).toHaveLength(1); // B009 had nothing
    expect(relending!.lines[2]).toBe('| B001  | yes           |              3 |         12.35 |            2 |           9.00 |            0.12 |       100.00 |              9.00 |');
    const row = (lines: string[], label: string) => lines.find((l) => l.startsWith(`| ${label} `))?.replace(/\s+/g, ' ');
    expect(row(relending!.lines, 'NOT_TECH')).toBe('| NOT_TECH | 4 |');
    expect(row(subsidies!.lines, 'interest subsidy (万元)')).toBe('| interest subsidy (万元) | 1.50 |');
    expect(row(subsidies!.lines, 'total subsidy (万元)')).toBe('| total subsidy (万元) | 2.00 |');
    expect(row(subsidies!.lines, 'ineligible: RATE_TOO_HIGH')).toBe('| ineligible: RATE_TOO_HIGH | 1 |');
    // Every table (blocks separated by a blank line) lines up in a terminal.
    for (const part of [relending!, subsidies!, scores!]) {
      for (const block of part.lines.join('\n').split('\n\n')) expect(new Set(block.split('\n').map(displayWidth)).size).toBe(1);
    }
    expect(scores!.lines).toEqual([
      '| grade  | enterprises | share of scored |',
      '|--------|------------:|----------------:|',
      '| A      |           1 |           25.0% |',
      '| B      |           2 |           50.0% |',
      '| C      |           0 |            0.0% |',
      '| D      |           1 |           25.0% |',
      '| vetoed |           1 |               — |',
      '| scored |           4 |          100.0% |',
    ]);
  });

  it('prints why a part does not apply (a prefecture’s report has no re-lending summary)', () => {
    const [relending] = reportTables({ ...report, region: '6501', relending: { applicable: false, reason: 're-lending applications are per bank' } });
    expect(relending!.lines).toEqual(['not applicable: re-lending applications are per bank']);
    expect([fenToWan(1_234_567), fenToWan(1_235_000), fenToWan(0)]).toEqual(['1.23', '1.24', '0.00']);
  });
});
