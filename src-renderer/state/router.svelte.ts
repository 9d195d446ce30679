/**
 * Which page is open, kept in the URL's hash (`#/providers`), so the browser's back button, a
 * reload and a bookmark all land where the user was.
 */
export const pages = ['dashboard', 'quotas', 'providers', 'models', 'routing', 'clients', 'log', 'notifications', 'settings', 'welcome'] as const;
export type Page = (typeof pages)[number];

function pageFromHash(hash: string): Page {
  const name = hash.replace(/^#\/?/, '').split(/[/?]/)[0] ?? '';
  return (pages as readonly string[]).includes(name) ? (name as Page) : 'dashboard';
}

export const router = $state({
  page: pageFromHash(window.location.hash),
  go(page: Page): void {
    window.location.hash = `/${page}`;
    router.page = page;
  },
});

window.addEventListener('hashchange', () => {
  router.page = pageFromHash(window.location.hash);
});
