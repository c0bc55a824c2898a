/** Shell state shared by the layout, the sidebar and keyboard shortcuts. */
class UiStore {
  /** The sidebar drawer on narrow screens (always visible on wide ones). */
  sidebarOpen = $state(false);
  searchOpen = $state(false);
}

export const ui = new UiStore();
