/**
 * Where a file's bytes stop being UTF-8: the byte offset and 1-based line of
 * the first byte a strict decoder refuses, or undefined for valid UTF-8. (Node
 * would otherwise read such bytes as U+FFFD and the YAML parser would report a
 * puzzling problem further on.)
 */
export function firstNonUtf8(bytes: Uint8Array): { offset: number; line: number } | undefined {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return undefined;
  } catch {
    // the lenient decoding re-encoded matches the input up to the first bad byte
    const back = Buffer.from(Buffer.from(bytes).toString('utf8'), 'utf8');
    let offset = 0;
    while (offset < bytes.length && back[offset] === bytes[offset]) offset++;
    let line = 1;
    for (let i = 0; i < offset; i++) if (bytes[i] === 0x0a) line++;
    return { offset, line };
  }
}

/** The bytes as text, or a description of why they are not UTF-8 text (for a message's "given"). */
export function utf8Text(bytes: Uint8Array): { text: string } | { notText: string } {
  const bad = firstNonUtf8(bytes);
  if (bad === undefined) return { text: Buffer.from(bytes).toString('utf8') };
  return { notText: `bytes that are not UTF-8 (0x${bytes[bad.offset]!.toString(16).padStart(2, '0')} at byte ${bad.offset}, line ${bad.line})` };
}
