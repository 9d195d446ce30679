/** The control service's three IPC channels, shared by the main process and the preload. */
export const controlIpcChannels = {
  /** invoke(method, input) → ControlAnswer */
  call: 'switchyard:control:call',
  /** send(): start forwarding the service's events to this window */
  subscribe: 'switchyard:control:subscribe',
  /** main → window: one ControlEvent */
  event: 'switchyard:control:event',
} as const;
