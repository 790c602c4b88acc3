/** Calendar-date helpers of the statistics, over `@techcredit/money` dates (plain `YYYY-MM-DD` strings). */
import { oneYearBefore, startOfYear, yearOf } from '@techcredit/money';

/** "D − 1 year" (§7): same month and day a year earlier; Feb 29 → Feb 28. */
export { oneYearBefore };

/** Jan 1 of the date's year. */
export function yearStart(date: string): string {
  return startOfYear(yearOf(date));
}
