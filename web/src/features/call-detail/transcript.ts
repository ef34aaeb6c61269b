// VAPI's flattened transcript (artifact.transcript) is lines like "AI: ...\nUser: ...". A line without a
// known speaker prefix continues the previous turn.

export type Speaker = 'assistant' | 'user' | 'system' | 'tool' | 'unknown';

export interface Turn {
  role: Speaker;
  /** The prefix as written ("AI", "User", "Bot", ...). */
  speaker: string;
  text: string;
}

const PREFIXES: ReadonlyArray<readonly [RegExp, Speaker]> = [
  [/^(AI|Assistant|Bot|Agent)\s*:\s?/i, 'assistant'],
  [/^(User|Customer|Caller|Human)\s*:\s?/i, 'user'],
  [/^(System)\s*:\s?/i, 'system'],
  [/^(Tool|Function)\s*:\s?/i, 'tool'],
];

export function parseTranscript(transcript: string | null | undefined): Turn[] {
  if (!transcript) return [];
  const turns: Turn[] = [];
  for (const rawLine of transcript.replace(/\r\n?/g, '\n').split('\n')) {
    const line = rawLine.trim();
    if (!line) continue;
    let matched = false;
    for (const [re, role] of PREFIXES) {
      const m = re.exec(line);
      if (m) {
        turns.push({ role, speaker: m[1] ?? role, text: line.slice(m[0].length).trim() });
        matched = true;
        break;
      }
    }
    if (matched) continue;
    const last = turns[turns.length - 1];
    if (last) last.text = last.text ? `${last.text}\n${line}` : line;
    else turns.push({ role: 'unknown', speaker: '', text: line });
  }
  return turns;
}
