// Lower case without accents, one character for one character, so keyword lists can be
// written once (`codigo` also matches `Código`) and positions in the folded text still
// point at the same characters of the original.

export function fold(text: string): string {
  return Array.from(text, (char) => {
    const base = (char.normalize('NFD')[0] ?? char).toLowerCase();
    return base.length === char.length ? base : char;
  }).join('');
}
