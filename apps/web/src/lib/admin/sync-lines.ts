import type { ModelSyncEvent, ProviderName } from '@mana/contracts';
import type { MessageKey } from '../i18n';

/** One line of the sync progress: what to say (a message key with params) and how it went. */
export interface SyncLine {
  key: MessageKey;
  params?: Record<string, string | number>;
  /** The provider named in the line, translated by the caller. */
  provider?: ProviderName;
  /** The error code of a failed provider. */
  errorCode?: string;
  kind: 'info' | 'running' | 'ok' | 'error';
}

/**
 * The progress lines for the events so far. A provider that started and has not finished is
 * `running` (it shows a spinner); once its result arrives, that line becomes the result.
 */
export function syncLines(events: ModelSyncEvent[]): SyncLine[] {
  const lines: SyncLine[] = [];
  for (const event of events) {
    switch (event.type) {
      case 'sync-start':
        lines.push(
          event.providers.length === 0
            ? { key: 'admin.syncNoProviders', kind: 'info' }
            : { key: 'admin.syncStart', params: { n: event.providers.length }, kind: 'info' },
        );
        break;
      case 'provider-start':
        lines.push({ key: 'admin.syncProviderStart', provider: event.provider, kind: 'running' });
        break;
      case 'provider-done':
      case 'provider-failed': {
        const line: SyncLine =
          event.type === 'provider-done'
            ? { key: 'admin.syncProviderDone', provider: event.provider, params: { n: event.synced }, kind: 'ok' }
            : { key: 'admin.syncProviderFailed', provider: event.provider, errorCode: event.error.code, kind: 'error' };
        const running = lines.findLastIndex((l) => l.kind === 'running' && l.provider === event.provider);
        if (running >= 0) lines[running] = line;
        else lines.push(line);
        break;
      }
      case 'sync-done': {
        const failed = event.results.filter((r) => !r.ok).length;
        const synced = event.results.reduce((sum, r) => sum + r.synced, 0);
        lines.push(failed ? { key: 'admin.syncDoneWithErrors', params: { n: failed }, kind: 'error' } : { key: 'admin.syncDone', params: { n: synced }, kind: 'ok' });
        break;
      }
    }
  }
  return lines;
}
