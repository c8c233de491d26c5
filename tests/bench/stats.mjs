// Median, min and max of a list of samples.
export function summarize(samples) {
  const sorted = samples.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  const n = sorted.length;
  if (!n) return { n: 0, median: null, min: null, max: null };
  const median = n % 2 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { n, median, min: sorted[0], max: sorted[n - 1] };
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
