// / : every saga at a glance, kept up to date from the summaries the live stream pushes.

import { $, h, highlight, keyed, reconcile, showError } from './dom.js';
import { INTEREST_WORDS, fold, formatDate, statusBadge, words } from './format.js';
import { follow, getJson, problem, pulse, serialized } from './live.js';

// The largest page the API serves.
const MAX_SAGAS = 500;

const drawCards = keyed();

export async function start() {
  const search = $('#search');
  const list = $('#sagas');
  const count = $('#saga-count');
  search.value = new URLSearchParams(location.search).get('q') ?? '';
  let sagas = [];
  let total = 0;
  const fresh = new Set();

  const render = () => {
    const query = fold(search.value.trim());
    const shown = sagas.filter((saga) => !query || [saga.player, saga.slug, saga.currentClub, ...saga.suitors.map((x) => x.club)]
      .some((value) => fold(value).includes(query)));
    const listed = `${sagas.length} ${sagas.length === 1 ? 'saga' : 'sagas'}`;
    const more = total > sagas.length ? ` (the ${sagas.length} most recently active of ${total})` : '';
    count.textContent = query
      ? `${shown.length} of ${sagas.length} sagas match “${search.value.trim()}”${more}`
      : `${total > sagas.length ? `${sagas.length} of ${total} sagas, most recently active first` : listed}`;
    // A card whose saga did not change is the element already there, so only an updated saga's card is redrawn.
    reconcile(list, drawCards(shown, (saga) => JSON.stringify(saga), sagaCard));
    for (const card of list.querySelectorAll('.saga-card')) {
      if (fresh.has(card.dataset.slug)) highlight(card);
    }
    fresh.clear();
  };

  const load = serialized(async () => {
    const result = await getJson(`/api/sagas?limit=${MAX_SAGAS}`);
    if (!result.ok) {
      showError(`Could not load the sagas: ${problem(result)}`);
      return;
    }
    showError('');
    sagas = result.body;
    total = result.total ?? sagas.length;
    render();
  });

  /** Puts a pushed summary where the saga now belongs (most recently reported first), without asking the server again. */
  const patch = (summary) => {
    const index = sagas.findIndex((saga) => saga.slug === summary.slug);
    const saga = { ...(index >= 0 ? sagas[index] : {}), ...summary };
    if (index >= 0) sagas.splice(index, 1);
    // A saga just opened is one more; any other unknown one was beyond the first page.
    else if (summary.version === 1) total += 1;
    sagas.push(saga);
    sagas.sort((a, b) => (b.lastReportAt ?? '').localeCompare(a.lastReportAt ?? '') || (a.slug < b.slug ? -1 : a.slug > b.slug ? 1 : 0));
    render();
  };

  search.addEventListener('input', () => {
    const url = new URL(location.href);
    if (search.value) url.searchParams.set('q', search.value);
    else url.searchParams.delete('q');
    history.replaceState(null, '', url);
    render();
  });
  $('#search-form').addEventListener('submit', (event) => event.preventDefault());

  await load();
  $('#main').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';

  // Summaries are all a card shows; the stream's first events (the current summaries, no cause) are already on the page.
  follow('/api/live?view=summary', (message) => {
    if (!message.cause) return;
    fresh.add(message.saga);
    pulse();
    patch(message.state);
  });
}

function sagaCard(saga) {
  const facts = [
    saga.currentClub,
    saga.contractExpires ? `contract to ${formatDate(`${saga.contractExpires}T00:00:00Z`)}` : null,
  ].filter(Boolean).join(' · ');
  const suitors = saga.suitors.length
    ? h('ul', { class: 'chips', 'aria-label': 'Suitors' }, saga.suitors.map((suitor) =>
      h('li', { class: `chip level-${suitor.interest}`, 'data-club': suitor.club, 'data-interest': suitor.interest },
        h('span', { class: 'chip-club', text: suitor.club }), ' ',
        h('span', { class: 'chip-level', text: INTEREST_WORDS[suitor.interest] ?? words(suitor.interest) }))))
    : h('p', { class: 'empty', text: 'No suitors reported' });
  return h('li', { class: 'saga-card', 'data-slug': saga.slug },
    h('div', { class: 'saga-card-head' },
      h('h2', {}, h('a', { href: `/sagas/${encodeURIComponent(saga.slug)}`, text: saga.player || saga.slug })),
      statusBadge(saga)),
    facts ? h('p', { class: 'facts', text: facts }) : null,
    suitors,
    h('p', { class: 'last', text: saga.lastReportAt ? `Last report ${formatDate(saga.lastReportAt)}` : 'No report yet' }));
}
