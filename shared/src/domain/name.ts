/** Names shown where the whole name is not needed (a pass, a centre's to-do list). */

/** The masked form of a name: 王* for two characters, 王*国 for three, 欧**锋 for four. */
export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(Math.min(chars.length - 2, 6))}${chars[chars.length - 1]}`;
}
