/**
 * The admin token of a headless window: kept in sessionStorage (gone with the tab), sent as a
 * header, never a cookie, so another site cannot ride on it (no CSRF). The tray app needs none.
 */
const storageKey = 'switchyard.adminToken';

function readStored(): string | null {
  try {
    return sessionStorage.getItem(storageKey);
  } catch {
    return null;
  }
}

export const session = $state({
  token: readStored(),
  /** Set when the gateway refused the stored token, so the login screen can say why. */
  expired: false,
  expire(): void {
    session.token = null;
    session.expired = true;
    try {
      sessionStorage.removeItem(storageKey);
    } catch {
      // A private window may refuse storage; the token then lasts as long as the page.
    }
  },
  signIn(token: string): void {
    session.token = token;
    session.expired = false;
    try {
      sessionStorage.setItem(storageKey, token);
    } catch {
      // As above.
    }
  },
});
