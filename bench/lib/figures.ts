/** The one table every bench prints: a figure and its value per row (Markdown, ready for the README). */
export function printFigures(rows: readonly (readonly [figure: string, value: string])[]): void {
  console.log('');
  console.log('| figure | value |');
  console.log('|---|---|');
  for (const [figure, value] of rows) console.log(`| ${figure} | ${value} |`);
}
