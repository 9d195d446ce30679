/**
 * Money is counted in whole units of 1e-10 USD, a hundred-millionth of a cent: what a request's cost
 * is rounded to (compute-cost.ts) and every amount the API answers is rounded to. Sums of such
 * amounts are made in units, since adding the doubles themselves drifts (0.00009999999999999999).
 */
export const usdUnitsPerDollar = 1e10;

/** An amount in USD rounded to the nearest 1e-10, without float noise in its decimal form. */
export function roundUsd(amount: number): number {
  return Math.round(amount * usdUnitsPerDollar) / usdUnitsPerDollar;
}

/** A whole number of units as USD: one division, so the result is the double nearest the decimal. */
export function usdFromUnits(units: number): number {
  return units / usdUnitsPerDollar;
}
