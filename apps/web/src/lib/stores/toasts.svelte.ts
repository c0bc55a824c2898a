export interface Toast {
  id: number;
  message: string;
  kind: 'info' | 'error';
  action?: { label: string; run: () => void };
}

let nextId = 0;

/** Short notices at the bottom of the screen, some with an action such as Undo. */
export class ToastStore {
  items = $state.raw<Toast[]>([]);

  show(message: string, options: { kind?: Toast['kind']; action?: Toast['action']; durationMs?: number } = {}): number {
    const id = ++nextId;
    this.items = [...this.items, { id, message, kind: options.kind ?? 'info', action: options.action }];
    const duration = options.durationMs ?? (options.action ? 6000 : 4000);
    setTimeout(() => this.dismiss(id), duration);
    return id;
  }

  error(message: string) {
    return this.show(message, { kind: 'error', durationMs: 6000 });
  }

  dismiss(id: number) {
    this.items = this.items.filter((t) => t.id !== id);
  }
}

export const toasts = new ToastStore();
