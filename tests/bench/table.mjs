// The results table: plain text with aligned columns that is also a Markdown table.

const KB = 1024;
const group = (n) => Math.round(n).toLocaleString('en-US');

export function formatValue(value, unit) {
  if (value === null || value === undefined || Number.isNaN(value)) return '';
  switch (unit) {
    case 'bytes':
      return `${(value / KB).toFixed(1)} KB`;
    case 'ms':
      return `${value.toFixed(1)} ms`;
    case 'ops/s':
      return `${group(value)}/s`;
    case 'ratio':
      return `${value.toFixed(2)}×`;
    default:
      return String(value);
  }
}

const budgetText = (row) => (row.budget === undefined ? '' : `≤ ${row.unit === 'ms' ? `${row.budget} ms` : formatValue(row.budget, row.unit)}`);

/** rows: [{section, figure, unit, n, median, min, max, budget?, over?}] → the table as text. */
export function renderTable(rows) {
  const header = ['Figure', 'Runs', 'Median', 'Min', 'Max', 'Budget', ''];
  const align = ['l', 'r', 'r', 'r', 'r', 'r', 'l'];
  const lines = [];
  let section = null;
  for (const row of rows) {
    if (row.section !== section) {
      section = row.section;
      lines.push([`**${section}**`, '', '', '', '', '', '']);
    }
    const single = row.n <= 1;
    lines.push([
      row.figure,
      single ? '' : String(row.n),
      formatValue(row.median, row.unit),
      single ? '' : formatValue(row.min, row.unit),
      single ? '' : formatValue(row.max, row.unit),
      budgetText(row),
      row.over ? 'over budget' : '',
    ]);
  }
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const cell = (text, i) => (align[i] === 'r' ? text.padStart(widths[i]) : text.padEnd(widths[i]));
  const render = (cells) => `| ${cells.map(cell).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (align[i] === 'r' ? `${'-'.repeat(w + 1)}:` : `${'-'.repeat(w + 2)}`)).join('|')}|`;
  return [render(header), rule, ...lines.map(render)].join('\n');
}
