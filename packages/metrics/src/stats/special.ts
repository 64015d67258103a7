/**
 * Survival function of the chi-square distribution with one degree of freedom:
 * P(X > x) = erfc(sqrt(x / 2)) = Q(1/2, x / 2), the regularized upper incomplete gamma function.
 * Series for small x, Lentz continued fraction otherwise (Numerical Recipes 6.2); relative error ~1e-15.
 */
export function chiSquare1Survival(x: number): number {
  if (Number.isNaN(x)) return Number.NaN;
  if (x <= 0) return 1;
  return upperRegularizedGammaHalf(x / 2);
}

const LOG_GAMMA_HALF = 0.5 * Math.log(Math.PI);
const EPSILON = 1e-17;
const MAX_ITERATIONS = 10_000;

function upperRegularizedGammaHalf(x: number): number {
  const a = 0.5;
  const prefactor = Math.exp(-x + a * Math.log(x) - LOG_GAMMA_HALF);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    return 1 - sum * prefactor;
  }
  const tiny = 1e-300;
  let b = x + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  return prefactor * h;
}

/** P(X <= k) for X ~ Binomial(n, 1/2), summed exactly in integers (n is small where this is used). */
export function binomialHalfCdf(k: number, n: number): number {
  let coefficient = 1n;
  let total = 0n;
  for (let i = 0; i <= k; i++) {
    if (i > 0) coefficient = (coefficient * BigInt(n - i + 1)) / BigInt(i);
    total += coefficient;
  }
  return Number(total) / 2 ** n;
}
