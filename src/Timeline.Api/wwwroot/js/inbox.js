// /inbox : the pending articles the followed feeds brought, newest first, each with the claims drafted from it
// and a link that opens it in the desk. The first page is fetched again every few seconds while the page is
// visible, so a newly polled article appears without a reload; older pages load on request.

import { $, h, highlight, showError } from './dom.js';
import { describeClaim, formatDateTime, safeUrl } from './format.js';
import { getJson, problem } from './live.js';

const PAGE = 20;
const REFRESH = 4000;

export async function start() {
  const shown = new Map();
  let next = null;
  let first = true;

  const refresh = async () => {
    const result = await getJson(`/api/articles?status=pending&limit=${PAGE}`);
    if (!result.ok) {
      showError(`Could not load the inbox: ${problem(result)}`);
      return;
    }
    showError('');
    const list = $('#articles');
    const items = result.body.items;
    const fresh = new Set(items.map((a) => a.id));
    for (const [id, element] of shown) {
      if (!fresh.has(id) && element.dataset.page === 'first') {
        element.remove();
        shown.delete(id);
      }
    }
    let before = list.firstChild;
    for (const article of items) {
      let element = shown.get(article.id);
      if (!element) {
        element = item(article, 'first');
        shown.set(article.id, element);
        list.insertBefore(element, before);
        if (!first) highlight(element);
      } else if (element !== before) {
        list.insertBefore(element, before);
      }
      before = element.nextSibling;
    }
    if (first) {
      next = result.body.nextAfter;
      $('#more').hidden = !next;
      first = false;
    }
    count(shown.size);
  };

  const count = (n) => {
    $('#inbox-count').textContent = n === 0 ? 'Nothing waiting: every article is recorded or dismissed.' : `${n}${next ? '+' : ''} article${n === 1 ? '' : 's'} waiting.`;
  };

  $('#more').addEventListener('click', async () => {
    if (!next) return;
    const result = await getJson(`/api/articles?status=pending&limit=${PAGE}&after=${encodeURIComponent(next)}`);
    if (!result.ok) {
      showError(`Could not load older articles: ${problem(result)}`);
      return;
    }
    for (const article of result.body.items) {
      if (shown.has(article.id)) continue;
      const element = item(article, 'older');
      shown.set(article.id, element);
      $('#articles').append(element);
    }
    next = result.body.nextAfter;
    $('#more').hidden = !next;
    count(shown.size);
  });

  await refresh();
  $('#main').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
  const timer = setInterval(() => {
    if (document.visibilityState === 'visible') refresh();
  }, REFRESH);
  window.addEventListener('pagehide', () => clearInterval(timer));
}

function item(article, page) {
  const link = safeUrl(article.link);
  const title = article.title || article.excerpt.split('\n')[0] || article.id;
  return h('li', { class: 'article card', 'data-article-id': article.id, 'data-page': page },
    h('h2', { class: 'article-title' }, h('a', { href: `/desk?article=${encodeURIComponent(article.id)}`, text: title })),
    h('p', { class: 'facts' },
      h('span', { class: 'outlet', text: article.outlet }),
      article.reporter ? [' · ', h('span', { class: 'reporter', text: article.reporter })] : null,
      ' · ', h('time', { datetime: article.published ?? article.fetchedAt, text: formatDateTime(article.published ?? article.fetchedAt) }),
      link ? [' · ', h('a', { href: link, rel: 'noopener noreferrer', text: 'original' })] : null),
    h('p', { class: 'excerpt', text: article.excerpt }),
    article.claims.length
      ? h('ul', { class: 'article-claims' }, article.claims.map((claim) => h('li', {}, h('span', { class: 'claim-player', text: claim.saga }), ' · ', describeClaim(claim, claim.saga))))
      : h('p', { class: 'empty', text: 'No claim drafted: open it to read it, or dismiss it.' }),
    h('p', { class: 'card-actions' }, h('a', { class: 'button', href: `/desk?article=${encodeURIComponent(article.id)}` }, 'Open in the desk', h('span', { class: 'visually-hidden', text: `: ${title}` }))),
  );
}
