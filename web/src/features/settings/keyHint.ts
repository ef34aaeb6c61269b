/** The hint as the server gives it ("…wxyz", "sk-…wxyz"), or "…wxyz" when it is only the last characters. */
export function keyHintText(hint: string | undefined): string {
  if (!hint) return 'hidden';
  return /^[A-Za-z0-9]{1,8}$/.test(hint) ? `…${hint}` : hint;
}
