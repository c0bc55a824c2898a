/** Shell state shared by the layout, the sidebar and keyboard shortcuts. */
class UiStore {
  /** The sidebar drawer on narrow screens (always visible on wide ones). */
  sidebarOpen = $state(false);
  searchOpen = $state(false);
  /** The conversation whose share-link dialog is open. */
  shareFor = $state<{ id: string; title: string } | null>(null);
}

export const ui = new UiStore();
