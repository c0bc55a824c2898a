/** The file name the server suggests (`content-disposition`), else `mana-chat-export-<today>.json`. */
export function exportFileName(contentDisposition: string | null, today = new Date()): string {
  const named = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '')?.[1];
  return named && /^[\w.-]+$/.test(named) ? named : `mana-chat-export-${today.toISOString().slice(0, 10)}.json`;
}
