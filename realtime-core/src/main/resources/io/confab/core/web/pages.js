// One page at a time: every screen is a <section class="page"> in index.html, shown by id. The
// address bar carries only the pages one can come back to (/, /meetings, /join/{id}); the meeting
// and the screens around it are states of the tab, since a reload cannot resume a signaling session.

import { $, $$ } from './dom.js';

export function showPage(id) {
  const changed = document.body.dataset.page !== id;
  for (const page of $$('main > .page')) page.hidden = page.id !== id;
  document.body.dataset.page = id;
  // The meeting uses the whole window; everywhere else the top bar carries the account menu.
  $('#topbar').hidden = id === 'meeting';
  if (changed) {
    // Moving focus to the new page's heading tells screen-reader users the page changed, and puts
    // keyboard users at its top.
    const heading = $(`#${id} h1`);
    if (heading) heading.focus({ preventScroll: true });
    window.scrollTo(0, 0);
  }
}

/**
 * Path routing for the pages that have addresses. `routes` is a list of [RegExp, handler(match)].
 * `guard()` returning false keeps the current screen (used while in a meeting).
 */
export class Router {
  constructor(routes, guard = () => true) {
    this.routes = routes;
    this.guard = guard;
    window.addEventListener('popstate', () => {
      if (this.guard()) this.resolve();
      else history.pushState(null, '', this.current ?? '/');
    });
    document.addEventListener('click', (event) => {
      const link = event.target.closest('a[data-route]');
      if (!link || event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      this.go(link.getAttribute('href'));
    });
  }

  go(path, { replace = false } = {}) {
    if (!this.guard()) return;
    if (replace) history.replaceState(null, '', path);
    else if (path !== location.pathname + location.search) history.pushState(null, '', path);
    this.resolve();
  }

  resolve() {
    this.current = location.pathname + location.search;
    for (const [pattern, handler] of this.routes) {
      const match = location.pathname.match(pattern);
      if (match) {
        handler(match, new URLSearchParams(location.search));
        return;
      }
    }
    this.go('/', { replace: true });
  }
}
