/** Hands text to the browser as a file download. */
export function downloadText(text: string, fileName: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type: `${type};charset=utf-8` }));
  const link = Object.assign(document.createElement('a'), { href: url, download: fileName });
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** The file name the server suggests (`content-disposition`), else `mana-chat-export-<today>.json`. */
export function exportFileName(contentDisposition: string | null, today = new Date()): string {
  const named = /filename="?([^";]+)"?/i.exec(contentDisposition ?? '')?.[1];
  return named && /^[\w.-]+$/.test(named) ? named : `mana-chat-export-${today.toISOString().slice(0, 10)}.json`;
}
