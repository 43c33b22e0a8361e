// 统一社会信用代码 (GB 32100-2015): 18 characters, the last a check digit over the first 17.
const CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

export function usccCheckChar(first17: string): string | null {
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CHARSET.indexOf(first17[i] ?? "");
    if (v < 0) return null;
    sum += v * WEIGHTS[i];
  }
  return CHARSET[(31 - (sum % 31)) % 31];
}

export function isValidUscc(code: string): boolean {
  const c = code.trim().toUpperCase();
  if (c.length !== 18) return false;
  const check = usccCheckChar(c.slice(0, 17));
  return check !== null && check === c[17];
}
