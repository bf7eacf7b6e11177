// /sagas/{slug} : the saga replayed, and kept up to date from the states the live stream pushes.

import { $, h, highlight, keyed, reconcile, showError } from './dom.js';
import {
  CLUB_STANCE_WORDS, INTEREST_WORDS, describeClaim, dayOf, expectationWords, formatDate, isIsoDay, isoDay, outcomeWords,
  preciseFormat, stanceWords, statusBadge, words, DAY,
} from './format.js';
import { announce, follow, getJson, problem, pulse, serialized } from './live.js';
import { drawTimeline } from './timeline.js';
import { drawChart } from './chart.js';

// The largest pages the API serves (a saga's whole story fits; more is paged on the server).
const MAX_TIMELINE = 1000;
const MAX_REPLAY = 500;

export async function start() {
  const slug = slugFromPath();
  const api = `/api/sagas/${encodeURIComponent(slug)}`;
  const params = new URLSearchParams(location.search);
  const view = {
    asOf: isIsoDay(params.get('asOf')) ? params.get('asOf') : null,
    knownAt: params.get('knownAt') || null,
  };
  const data = { current: null, timeline: [], shown: [], replay: [], state: null, range: { min: 0, max: 0 } };
  let latestVersion = -1;
  let stateRequest = 0;

  const range = $('#as-of-range');
  const dateInput = $('#as-of-date');
  const knownAt = $('#known-at');

  const query = (values) => {
    const search = new URLSearchParams();
    for (const [key, value] of Object.entries(values)) if (value) search.set(key, value);
    const text = search.toString();
    return text ? `?${text}` : '';
  };

  const writeUrl = () => {
    const url = new URL(location.href);
    url.search = query({ asOf: view.asOf, knownAt: view.knownAt });
    history.replaceState(null, '', url);
  };

  /**
   * The saga's current state, its full timeline (for the range and the known-at choices), and what the view needs,
   * asked for together and drawn in one pass, so the page does not move as the answers arrive.
   */
  const refresh = serialized(async () => {
    const positioned = view.asOf || view.knownAt;
    const [current, timeline, known, replay, state] = await Promise.all([
      getJson(api),
      getJson(`${api}/timeline?limit=${MAX_TIMELINE}`),
      view.knownAt ? getJson(`${api}/timeline${query({ knownAt: view.knownAt, limit: MAX_TIMELINE })}`) : null,
      getJson(`${api}/replay${query({ knownAt: view.knownAt, limit: MAX_REPLAY })}`),
      positioned ? getJson(`${api}${query({ asOf: view.asOf, knownAt: view.knownAt })}`) : null,
    ]);
    if (current.status === 404) {
      fail(`There is no saga “${slug}”.`);
      return;
    }
    if (!current.ok || !timeline.ok) {
      showError(`Could not load the saga: ${problem(current.ok ? timeline : current)}`);
      return;
    }
    data.current = current.body;
    latestVersion = Math.max(latestVersion, current.body.version ?? -1);
    renderHead(data.current);
    showTimeline(timeline.body);

    const shown = known ?? timeline;
    if (!shown.ok || !replay.ok) {
      showError(`Could not replay the saga: ${problem(shown.ok ? replay : shown)}`);
      return;
    }
    showError('');
    data.shown = shown.body;
    data.replay = replay.body;
    // The state now is the one just read; any other position was asked for beside it.
    if (state) showLoadedState(state);
    else showState(data.current);
  });

  /**
   * A live update. The push carries the saga's state now, which is all the head and the state now need; what it
   * cannot carry is read: the claims behind it (the timeline, and the replay that draws the chart), and the state as
   * of an earlier date. A view known at an earlier moment does not change at all but for the choice of moments.
   */
  const update = serialized(async (change) => {
    data.current = change.state;
    renderHead(data.current);
    const timeline = await getJson(`${api}/timeline?limit=${MAX_TIMELINE}`);
    if (!timeline.ok) {
      showError(`Could not load the saga: ${problem(timeline)}`);
      return;
    }
    showTimeline(timeline.body);
    if (view.knownAt) return;

    const replay = await getJson(`${api}/replay${query({ limit: MAX_REPLAY })}`);
    if (!replay.ok) {
      showError(`Could not replay the saga: ${problem(replay)}`);
      return;
    }
    showError('');
    data.shown = timeline.body;
    data.replay = replay.body;
    if (view.asOf) await loadState(change);
    else showState(data.current, change);
  });

  /** The saga's whole timeline: the slider's range and the known-at choices come from it. */
  const showTimeline = (timeline) => {
    data.timeline = timeline;
    setRange();
    renderKnownAt();
  };

  /** The state for the view's asOf and knownAt; a slower answer to an older position is dropped. */
  const loadState = async (change) => {
    const request = ++stateRequest;
    const result = await getJson(`${api}${query({ asOf: view.asOf, knownAt: view.knownAt })}`);
    if (request !== stateRequest) return;
    showLoadedState(result, change);
  };

  /** A state as the API answered it for the view's position, or what it said instead. */
  const showLoadedState = (result, change) => {
    if (!result.ok) {
      $('#state').dataset.asOf = view.asOf ?? 'now';
      data.state = null;
      $('#state-cards').replaceChildren(h('p', { class: 'empty', text: problem(result) }));
      renderTimeline(change);
      renderChart();
      return;
    }
    showState(result.body, change);
  };

  /** Draws a state, the cards whose fields changed highlighted when it follows a change. */
  const showState = (body, change) => {
    ++stateRequest;
    const previous = data.state;
    data.state = body;
    renderState(data.state, change ? previous : null);
    renderTimeline(change);
    renderChart();
    const state = $('#state');
    state.dataset.asOf = view.asOf ?? 'now';
    state.dataset.knownAt = view.knownAt ?? 'now';
    describe(data.current, data.state, view.asOf);
  };

  const fail = (message) => {
    showError(message);
    $('#player').textContent = 'Saga not found';
    for (const section of document.querySelectorAll('.replay, .columns, .timeline-section')) section.hidden = true;
  };

  const setRange = () => {
    const days = data.timeline.map((entry) => dayOf(entry.at));
    const today = Math.floor(Date.now() / DAY);
    const first = days.length ? Math.min(...days) : today - 90;
    const wanted = view.asOf ? dayOf(`${view.asOf}T00:00:00Z`) : today;
    data.range = { min: Math.min(first - 7, wanted), max: Math.max(today, ...days, wanted) };
    range.min = String(data.range.min);
    range.max = String(data.range.max);
    dateInput.min = isoDay(data.range.min);
    dateInput.max = isoDay(data.range.max);
    $('#range-start').textContent = formatDate(data.range.min * DAY);
    $('#range-end').textContent = 'now';
    showPosition();
  };

  /** Puts the slider, the date field and the label at the view's date without loading anything. */
  const showPosition = () => {
    const day = view.asOf ? dayOf(`${view.asOf}T00:00:00Z`) : data.range.max;
    range.value = String(day);
    const label = view.asOf ? formatDate(day * DAY) : 'now';
    range.setAttribute('aria-valuetext', label);
    dateInput.value = isoDay(day);
    $('#as-of-output').textContent = label;
    $('#as-of-now').disabled = !view.asOf;
  };

  const renderKnownAt = () => {
    const moments = [...new Set(data.timeline.flatMap((entry) => [entry.recordedAt, entry.retraction?.recordedAt]).filter(Boolean))]
      .sort();
    if (view.knownAt && !moments.includes(view.knownAt)) moments.push(view.knownAt);
    const options = [h('option', { value: '', text: 'Now: everything recorded' })];
    for (const moment of moments.sort().reverse()) {
      const reports = data.timeline.filter((entry) => entry.recordedAt === moment).map((entry) => entry.outlet);
      const retracted = data.timeline.some((entry) => entry.retraction?.recordedAt === moment);
      const what = retracted ? 'a retraction' : [...new Set(reports)].join(', ');
      const time = Number.isNaN(Date.parse(moment)) ? moment : `${preciseFormat.format(new Date(moment))} UTC`;
      options.push(h('option', { value: moment, text: what ? `${time} (${what})` : time }));
    }
    knownAt.replaceChildren(...options);
    knownAt.value = view.knownAt ?? '';
  };

  /** Moves the replay; while the slider is dragged, the address and the state follow once it rests (browsers throttle history updates). */
  const moveTo = (day, { immediate }) => {
    view.asOf = day >= data.range.max ? null : isoDay(day);
    showPosition();
    renderChart();
    clearTimeout(moveTo.timer);
    const settle = () => {
      writeUrl();
      loadState();
    };
    if (immediate) settle();
    else moveTo.timer = setTimeout(settle, 120);
  };

  range.addEventListener('input', () => moveTo(Number(range.value), { immediate: false }));
  range.addEventListener('change', () => moveTo(Number(range.value), { immediate: true }));
  range.addEventListener('keydown', (event) => {
    const step = { PageUp: 30, PageDown: -30 }[event.key];
    if (!step) return;
    event.preventDefault();
    const day = Math.min(data.range.max, Math.max(data.range.min, Number(range.value) + step));
    moveTo(day, { immediate: true });
  });
  dateInput.addEventListener('change', () => {
    if (isIsoDay(dateInput.value)) moveTo(dayOf(`${dateInput.value}T00:00:00Z`), { immediate: true });
  });
  $('#as-of-now').addEventListener('click', () => moveTo(data.range.max, { immediate: true }));
  knownAt.addEventListener('change', () => {
    view.knownAt = knownAt.value || null;
    writeUrl();
    refresh();
  });

  let chartWidth = 0;
  window.addEventListener('resize', () => {
    cancelAnimationFrame(renderChart.frame);
    renderChart.frame = requestAnimationFrame(() => {
      if ($('#chart').clientWidth !== chartWidth) renderChart();
    });
  });

  const renderChart = () => {
    chartWidth = $('#chart').clientWidth;
    drawChart(data.replay, data.range, view.asOf);
  };

  const renderTimeline = (change) => {
    drawTimeline(data.shown, data.current?.player, view.asOf, change?.reportIds ?? []);
    $('.timeline-section').hidden = false;
  };

  await refresh();
  $('#main').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
  if (!data.current) return;

  follow(`${api}/live`, (message) => {
    if (message.version <= latestVersion) return;
    latestVersion = message.version;
    if (message.cause) {
      pulse();
      announce(message);
    }
    update({ state: message.state, reportIds: message.cause?.reportId ? [message.cause.reportId] : [] });
  });
}

function slugFromPath() {
  const segment = location.pathname.split('/')[2] ?? '';
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The title and description say what the page shows: the player, and the saga as of the replay's date (the server
 * puts the same in the page it sends, for crawlers and link previews).
 */
function describe(saga, state, asOf) {
  const player = saga.player || saga.slug;
  const when = asOf ? ` as of ${formatDate(`${asOf}T00:00:00Z`)}` : '';
  document.title = `${player}${when} · Timeline`;
  if (!state) return;
  const facts = [
    saga.currentClub,
    saga.contractExpires ? `contract to ${formatDate(`${saga.contractExpires}T00:00:00Z`)}` : null,
    state.status === 'resolved' ? 'resolved' : null,
  ].filter(Boolean).join(', ');
  const suitors = state.suitors.length
    ? state.suitors.map((suitor) => `${suitor.club}: ${INTEREST_WORDS[suitor.interest] ?? words(suitor.interest)}`).join('; ')
    : 'no club reported interested';
  $('meta[name="description"]').setAttribute('content', `${player}’s transfer saga${when}${facts ? ` (${facts})` : ''}: ${suitors}. `
    + `${state.claims} ${state.claims === 1 ? 'claim' : 'claims'} from reporters, each with its source, replayed day by day.`);
}

function renderHead(saga) {
  $('#player').textContent = saga.player || saga.slug;
  const facts = [
    saga.currentClub ? h('span', { text: saga.currentClub }) : null,
    saga.contractExpires ? h('span', { text: `contract to ${formatDate(`${saga.contractExpires}T00:00:00Z`)}` }) : null,
    statusBadge(saga),
    h('span', { text: `${saga.claims} ${saga.claims === 1 ? 'claim' : 'claims'}` }),
  ].filter(Boolean);
  $('#saga-facts').replaceChildren(...facts.flatMap((fact, i) => (i ? [' · ', fact] : [fact])));
}

/** Which state fields each card shows: a card is highlighted when its fields changed. */
const CARDS = [
  { key: 'suitors', title: 'Suitors', fields: ['suitors'] },
  { key: 'player-stance', title: 'Player stance', fields: ['playerStance'] },
  { key: 'club-stances', title: 'Club stances', fields: ['clubStances'] },
  { key: 'offers', title: 'Offers', fields: ['offers'] },
  { key: 'expectations', title: 'Expectations', fields: ['expectations'] },
  { key: 'status', title: 'Status', fields: ['status', 'outcome', 'claims', 'lastReportAt'] },
];

function renderState(state, previous) {
  const asOf = new Date(state.asOf);
  const title = $('#state-title');
  const known = state.knownAt && Math.abs(new Date(state.knownAt) - Date.now()) > 60_000
    ? ` · known at ${preciseFormat.format(new Date(state.knownAt))} UTC` : '';
  title.textContent = `State ${Math.abs(asOf - Date.now()) < 60_000 ? 'now' : `as of ${formatDate(asOf)}`}${known}`;

  const by = (item) => h('p', { class: 'by', text: `${formatDate(item.since ?? item.at)} · ${item.reporter}, ${item.outlet}` });
  const body = {
    suitors: () => list(state.suitors, (suitor) => h('li', { 'data-club': suitor.club, 'data-interest': suitor.interest },
      h('p', {}, h('span', { class: 'club', text: suitor.club }), ' ',
        h('span', { class: `level level-${suitor.interest}`, text: INTEREST_WORDS[suitor.interest] ?? words(suitor.interest) })),
      by(suitor)), 'No club reported interested'),
    'player-stance': () => (state.playerStance
      ? h('div', { 'data-stance': state.playerStance.stance }, h('p', { text: stanceWords(state.playerStance) }), by(state.playerStance))
      : h('p', { class: 'empty', text: 'Not reported' })),
    'club-stances': () => list(state.clubStances, (stance) => h('li', { 'data-club': stance.club, 'data-stance': stance.stance },
      h('p', { text: `${stance.club}: ${CLUB_STANCE_WORDS[stance.stance] ?? words(stance.stance)}` }), by(stance)), 'None reported'),
    offers: () => list(state.offers, (offer) => h('li', { 'data-club': offer.club, 'data-status': offer.status },
      h('p', { text: describeClaim({ type: 'offer', ...offer }) }), by(offer)), 'None reported'),
    expectations: () => list(state.expectations, (expectation) => h('li', { 'data-reporter': expectation.reporter, 'data-outcome': expectation.outcome },
      h('p', { text: `${expectation.reporter} (${expectation.outlet}) expects ${expectationWords(expectation)}` }),
      h('p', { class: 'by', text: formatDate(expectation.at) })), 'None reported'),
    status: () => h('div', {},
      h('p', {}, statusBadge(state), state.outcome ? ` ${outcomeWords(state.outcome)} (${formatDate(state.outcome.at)})` : ''),
      h('p', { class: 'by', text: `${state.claims} ${state.claims === 1 ? 'claim' : 'claims'}${state.lastReportAt ? ` · last report ${formatDate(state.lastReportAt)}` : ''}` })),
  };

  // A card whose fields did not change is the element already on the page: only what changed is redrawn.
  const cards = drawCards(CARDS, (card) => JSON.stringify([card.key, ...card.fields.map((field) => state[field])]),
    (card) => h('section', { class: `card state-card card-${card.key}`, 'data-field': card.key, 'aria-label': card.title },
      h('h3', { text: card.title }), body[card.key]()));
  CARDS.forEach((card, i) => {
    if (previous && card.fields.some((field) => JSON.stringify(previous[field]) !== JSON.stringify(state[field]))) {
      highlight(cards[i]);
    }
  });
  reconcile($('#state-cards'), cards);
}

const drawCards = keyed();

function list(items, item, empty) {
  return items.length ? h('ul', {}, items.map(item)) : h('p', { class: 'empty', text: empty });
}

