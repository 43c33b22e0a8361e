const SPECIAL = /[.*+?^${}()|[\]\\]/g;

/** `text` with every occurrence of `words` marked (longest first; Latin letters in any case):
 * the words the search found in a demand, as the server names them. */
export function Highlighted({ text, words }: { text: string; words?: readonly string[] }) {
  const wanted = [...new Set((words ?? []).map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return <>{text}</>;
  const pattern = new RegExp(`(${wanted.map((w) => w.replace(SPECIAL, "\\$&")).join("|")})`, "gi");
  // split with one capturing group: the found words are at the odd places
  return <>{text.split(pattern).map((part, i) => (i % 2 === 1 ? <mark key={i}>{part}</mark> : part))}</>;
}
