// Timeline's web page: one module for the three pages, chosen by <body data-page>.
// Every value that comes from the API reaches the DOM as a text node or an attribute value, never as
// markup, so a quote containing "<script>" is shown as text; the Content-Security-Policy forbids
// inline script and style besides.

const DAY = 86_400_000;
const SVG = 'http://www.w3.org/2000/svg';
// The largest pages the API serves (a saga's whole story fits; more is paged on the server).
const MAX_SAGAS = 500;
const MAX_TIMELINE = 1000;
const MAX_REPLAY = 500;

/** Interest levels from coldest to hottest: the chart's vertical axis. */
const LEVELS = ['withdrawn', 'cooling', 'monitoring', 'interested', 'advanced', 'bid', 'agreed'];

const INTEREST_WORDS = {
  monitoring: 'monitoring',
  interested: 'interested',
  advanced: 'talks advanced',
  bid: 'bid made',
  agreed: 'deal agreed',
  cooling: 'interest cooling',
  withdrawn: 'interest withdrawn',
};

const OFFER_STATUS_WORDS = {
  made: 'made',
  improved: 'improved',
  rejected: 'rejected',
  accepted: 'accepted',
  withdrawn: 'withdrawn',
};

const PLAYER_STANCE_WORDS = {
  'wants-to-stay': ['wants to stay', 'at'],
  'open-to-renewal': ['open to renewal', 'with'],
  'exploring-options': ['exploring options', 'including'],
  'wants-move': ['wants a move', 'to'],
  'agreed-terms': ['has agreed terms', 'with'],
};

const CLUB_STANCE_WORDS = {
  'wants-to-keep': 'wants to keep him',
  'open-to-sale': 'open to a sale',
  'seeking-replacement': 'seeking a replacement',
  'not-pursuing': 'not pursuing',
};

const EXPECTATION_WORDS = {
  renewal: ['a renewal', 'with'],
  transfer: ['a transfer', 'to'],
  stay: ['him to stay', 'at'],
};

const OUTCOME_WORDS = {
  renewed: ['renewed', 'with'],
  transferred: ['transferred', 'to'],
  stayed: ['stayed', 'at'],
  released: ['released', 'by'],
};

// ---------------------------------------------------------------- DOM

/** An element with attributes (class and text are special) and children (strings become text nodes). */
function h(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

function fill(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'class') element.setAttribute('class', value);
    else if (name === 'text') element.textContent = value;
    else element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    element.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return element;
}

const $ = (selector) => document.querySelector(selector);

function showError(message) {
  const error = $('#page-error');
  if (!error) return;
  error.textContent = message;
  error.hidden = !message;
}

/** A quiet highlight that fades by itself (CSS animation), restarted when the element changes again. */
function highlight(element) {
  element.classList.remove('changed');
  void element.getBoundingClientRect();
  element.classList.add('changed');
  element.addEventListener('animationend', () => element.classList.remove('changed'), { once: true });
}

// ---------------------------------------------------------------- formatting (always UTC, like the API)

const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
const preciseFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
const shortMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' });

const formatDate = (value) => dateFormat.format(new Date(value));
const formatDateTime = (value) => `${dateTimeFormat.format(new Date(value))} UTC`;
const dayOf = (value) => Math.floor(new Date(value).getTime() / DAY);
const isoDay = (day) => new Date(day * DAY).toISOString().slice(0, 10);
const endOfDay = (day) => (day + 1) * DAY - 1;
const isIsoDay = (value) => /^\d{4}-\d{2}-\d{2}$/.test(value ?? '') && !Number.isNaN(Date.parse(value));
const words = (value) => String(value ?? '').replaceAll('-', ' ');
const fold = (value) => String(value ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** "2026-01" is "January 2026"; a full date is a date. */
function period(from) {
  if (/^\d{4}-\d{2}$/.test(from)) return monthFormat.format(new Date(`${from}-01T00:00:00Z`));
  return isIsoDay(from) ? formatDate(`${from}T00:00:00Z`) : from;
}

function money(amount, currency) {
  if (amount === null || amount === undefined) return '';
  try {
    return new Intl.NumberFormat('en-GB', {
      style: currency ? 'currency' : 'decimal', currency: currency || undefined, notation: 'compact', maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

const percent = (value) => `${Math.round(value * 100)}%`;
const withClub = (text, preposition, club) => (club ? `${text} ${preposition} ${club}` : text);

/** A claim in plain words: "Real Madrid: interest cooling". */
function describeClaim(claim, player) {
  switch (claim.type) {
    case 'interest':
      return `${claim.club}: ${INTEREST_WORDS[claim.level] ?? words(claim.level)}`;
    case 'offer': {
      const amount = money(claim.amount, claim.currency);
      return `${claim.club}: ${words(claim.kind)} offer ${OFFER_STATUS_WORDS[claim.status] ?? words(claim.status)}${amount ? ` (${amount})` : ''}`;
    }
    case 'player-stance':
      return `${player || 'Player'}: ${stanceWords(claim)}`;
    case 'club-stance':
      return `${claim.club}: ${CLUB_STANCE_WORDS[claim.stance] ?? words(claim.stance)}`;
    case 'expectation':
      return `Expects ${expectationWords(claim)}`;
    case 'outcome':
      return `Outcome: ${outcomeWords(claim)}`;
    default:
      return words(claim.type);
  }
}

function stanceWords(stance) {
  const [text, preposition] = PLAYER_STANCE_WORDS[stance.stance] ?? [words(stance.stance), 'with'];
  const from = stance.from ? ` from ${period(stance.from)}` : '';
  return `${withClub(text, preposition, stance.club)}${from}`;
}

function expectationWords(expectation) {
  const [text, preposition] = EXPECTATION_WORDS[expectation.outcome] ?? [words(expectation.outcome), 'with'];
  const confidence = typeof expectation.confidence === 'number' ? ` (${percent(expectation.confidence)} confident)` : '';
  return `${withClub(text, preposition, expectation.club)}${confidence}`;
}

function outcomeWords(outcome) {
  const [text, preposition] = OUTCOME_WORDS[outcome.result] ?? [words(outcome.result), 'with'];
  const fee = outcome.fee ? ` for ${money(outcome.fee)}` : '';
  return `${withClub(text, preposition, outcome.club)}${fee}`;
}

/** Only http(s) links are followed: a javascript: or data: URL from a report is shown as text, not linked. */
function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- HTTP and live updates

async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  const total = Number.parseInt(response.headers.get('X-Total-Count') ?? '', 10);
  return { status: response.status, ok: response.ok, body, total: Number.isNaN(total) ? null : total };
}

/** A problem details answer in words, with each invalid field: "knownAt must be an ISO-8601 instant...". */
function problem(result) {
  const body = result.body ?? {};
  const fields = body.errors && typeof body.errors === 'object'
    ? Object.entries(body.errors).map(([field, messages]) => `${field} ${[].concat(messages).join(' ')}`)
    : [];
  return [body.detail ?? body.title, ...fields].filter(Boolean).join(' ') || `The server answered ${result.status}.`;
}

/** The header's live indicator: connecting, live, or offline. */
function indicate(state, text) {
  const live = $('#live');
  if (!live) return;
  live.dataset.state = state;
  live.querySelector('.live-text').textContent = text;
}

function pulse() {
  const live = $('#live');
  if (live) highlight(live);
}

/** Follows a Server-Sent Events stream; EventSource reconnects (with Last-Event-ID) by itself. */
function follow(url, onMessage) {
  const source = new EventSource(url);
  source.addEventListener('open', () => indicate('live', 'Live'));
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) indicate('offline', 'Offline: reload to retry');
    else indicate('connecting', 'Reconnecting…');
  });
  source.addEventListener('state', (event) => {
    let message;
    try {
      message = JSON.parse(event.data);
    } catch {
      return;
    }
    indicate('live', 'Live');
    onMessage(message);
  });
  window.addEventListener('pagehide', () => source.close());
  return source;
}

/** Runs at most one refresh at a time; a request during one runs once more after it, with the newest arguments. */
function serialized(work) {
  let running = null;
  let pending = null;
  const run = async (argument) => {
    if (running) {
      pending = { argument: merge(pending?.argument, argument) };
      return running;
    }
    running = (async () => {
      try {
        await work(argument);
      } finally {
        running = null;
      }
      if (pending) {
        const next = pending.argument;
        pending = null;
        await run(next);
      }
    })();
    return running;
  };
  const merge = (a, b) => (a && b ? { ...a, ...b, reportIds: [...(a.reportIds ?? []), ...(b.reportIds ?? [])] } : b ?? a);
  return run;
}

function announce(message) {
  const news = $('#live-news');
  if (!news || !message?.cause) return;
  const cause = message.cause;
  const who = [cause.reporter, cause.outlet].filter(Boolean).join(', ');
  if (!cause.reportId) news.textContent = 'Saga details updated';
  else if (cause.reason) news.textContent = `Report retracted${who ? ` (${who})` : ''}: ${cause.reason}`;
  else news.textContent = `New report${who ? ` from ${who}` : ''}${cause.publishedAt ? `, published ${formatDateTime(cause.publishedAt)}` : ''}`;
  highlight(news);
}

// ---------------------------------------------------------------- / : every saga at a glance

async function indexPage() {
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
    list.replaceChildren(...shown.map(sagaCard));
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

function statusBadge(state) {
  return h('span', { class: `status status-${state.status}`, text: state.status === 'resolved' ? 'Resolved' : 'Open' });
}

// ---------------------------------------------------------------- /sagas/{slug} : replay and live

async function sagaPage() {
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

  /** The saga's current state, its full timeline (for the range and the known-at choices), and what the view needs. */
  const refresh = serialized(async (change) => {
    const [current, timeline] = await Promise.all([getJson(api), getJson(`${api}/timeline?limit=${MAX_TIMELINE}`)]);
    if (current.status === 404) {
      fail(`There is no saga “${slug}”.`);
      return;
    }
    if (!current.ok || !timeline.ok) {
      showError(`Could not load the saga: ${problem(current.ok ? timeline : current)}`);
      return;
    }
    data.current = current.body;
    data.timeline = timeline.body;
    latestVersion = Math.max(latestVersion, current.body.version ?? -1);
    renderHead(data.current);
    setRange();
    renderKnownAt();

    const [shown, replay] = await Promise.all([
      view.knownAt ? getJson(`${api}/timeline${query({ knownAt: view.knownAt, limit: MAX_TIMELINE })}`) : Promise.resolve(timeline),
      getJson(`${api}/replay${query({ knownAt: view.knownAt, limit: MAX_REPLAY })}`),
    ]);
    if (!shown.ok || !replay.ok) {
      showError(`Could not replay the saga: ${problem(shown.ok ? replay : shown)}`);
      return;
    }
    showError('');
    data.shown = shown.body;
    data.replay = replay.body;
    await loadState(change);
  });

  /** The state for the view's asOf and knownAt; a slower answer to an older position is dropped. */
  const loadState = async (change) => {
    const request = ++stateRequest;
    const result = await getJson(`${api}${query({ asOf: view.asOf, knownAt: view.knownAt })}`);
    if (request !== stateRequest) return;
    const state = $('#state');
    if (!result.ok) {
      state.dataset.asOf = view.asOf ?? 'now';
      data.state = null;
      $('#state-cards').replaceChildren(h('p', { class: 'empty', text: problem(result) }));
      renderTimeline(change);
      renderChart();
      return;
    }
    const previous = data.state;
    data.state = result.body;
    renderState(data.state, change ? previous : null);
    renderTimeline(change);
    renderChart();
    state.dataset.asOf = view.asOf ?? 'now';
    state.dataset.knownAt = view.knownAt ?? 'now';
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

  const renderTimeline = (change) => drawTimeline(data.shown, data.current?.player, view.asOf, change?.reportIds ?? []);

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
    refresh({ reportIds: message.cause?.reportId ? [message.cause.reportId] : [] });
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

function renderHead(saga) {
  document.title = `${saga.player || saga.slug} · Timeline`;
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

  const cards = CARDS.map((card) => {
    const element = h('section', { class: `card state-card card-${card.key}`, 'data-field': card.key, 'aria-label': card.title },
      h('h3', { text: card.title }), body[card.key]());
    if (previous && card.fields.some((field) => JSON.stringify(previous[field]) !== JSON.stringify(state[field]))) {
      highlight(element);
    }
    return element;
  });
  $('#state-cards').replaceChildren(...cards);
}

function list(items, item, empty) {
  return items.length ? h('ul', {}, items.map(item)) : h('p', { class: 'empty', text: empty });
}

/** The claims in valid-time order, the claims of one report together; those after the replay date are dimmed. */
function drawTimeline(entries, player, asOf, freshReports) {
  const reports = [];
  for (const entry of entries) {
    const last = reports[reports.length - 1];
    if (last && last.reportId === entry.reportId && last.at === entry.at) last.entries.push(entry);
    else reports.push({ reportId: entry.reportId, at: entry.at, entries: [entry] });
  }

  const limit = asOf ? endOfDay(dayOf(`${asOf}T00:00:00Z`)) : Infinity;
  const items = [];
  let markerPlaced = !asOf;
  for (const report of reports) {
    const after = new Date(report.at).getTime() > limit;
    if (after && !markerPlaced) {
      items.push(asOfMarker(asOf));
      markerPlaced = true;
    }
    const item = reportItem(report, player, after);
    if (freshReports.includes(report.reportId)) highlight(item);
    items.push(item);
  }
  if (!markerPlaced) items.push(asOfMarker(asOf));
  if (!reports.length) items.push(h('li', { class: 'empty', text: 'No claims recorded yet.' }));
  $('#timeline').replaceChildren(...items);
}

function asOfMarker(asOf) {
  return h('li', { class: 'as-of-marker', 'data-as-of': asOf }, h('span', { text: `Replay date: ${formatDate(`${asOf}T00:00:00Z`)}` }));
}

function reportItem(report, player, after) {
  const first = report.entries[0];
  const retraction = first.retracted ? first.retraction : null;
  const url = first.url ? safeUrl(first.url) : null;
  const classes = ['report', retraction ? 'is-retracted' : '', after ? 'is-after' : ''].filter(Boolean).join(' ');
  return h('li', { class: classes, 'data-report-id': report.reportId, 'data-at': report.at },
    h('div', { class: 'report-head' },
      h('time', { datetime: report.at, text: formatDateTime(report.at) }),
      h('span', { class: 'source-line' },
        h('span', { class: 'reporter', text: first.reporter }),
        first.outlet && first.outlet !== first.reporter ? [' · ', h('span', { class: 'outlet', text: first.outlet })] : null),
      after ? h('span', { class: 'tag', text: 'after the replay date' }) : null),
    h('ul', { class: 'claims' }, report.entries.map((entry) => claimItem(entry, player, !!retraction))),
    first.quote ? h('blockquote', { class: 'quote', text: first.quote }) : null,
    retraction ? h('p', { class: 'retraction' },
      h('strong', { text: 'Retracted' }),
      ` on ${formatDate(retraction.recordedAt)}${retraction.retractedBy ? ` by ${retraction.retractedBy}` : ''}: `,
      h('span', { class: 'reason', text: retraction.reason })) : null,
    h('p', { class: 'provenance' },
      url ? h('a', { href: url, rel: 'noopener noreferrer external', target: '_blank', text: 'Source' })
        : first.url ? h('span', { class: 'url', text: first.url }) : null,
      url || first.url ? ' · ' : null,
      `recorded ${formatDateTime(first.recordedAt)}${first.recordedBy ? ` by ${first.recordedBy}` : ''}`));
}

function claimItem(entry, player, retracted) {
  const text = describeClaim(entry.claim, player);
  const contradictions = Array.isArray(entry.contradictedBy) ? entry.contradictedBy : [];
  return h('li', {
    class: ['claim', contradictions.length ? 'is-contradicted' : ''].filter(Boolean).join(' '),
    'data-type': entry.claim.type,
    'data-version': entry.version,
  },
  retracted ? h('del', { text }) : h('span', { class: 'claim-text', text }),
  contradictions.length ? h('p', { class: 'contradiction' },
    h('strong', { text: 'Contradicted' }), ' by ', contradictions.map((by, i) => [i ? '; ' : '', contradictionText(by)])) : null);
}

/** A contradicting claim as the API gives it: a report id, or an object with some of its provenance. */
function contradictionText(by) {
  if (by === null || typeof by !== 'object') return String(by);
  const who = [by.reporter, by.outlet].filter(Boolean).join(', ');
  const when = by.at ?? by.publishedAt;
  const claim = by.claim && typeof by.claim === 'object' ? describeClaim(by.claim) : null;
  const parts = [who || by.reportId, when && !Number.isNaN(Date.parse(when)) ? formatDate(when) : null, claim ? `“${claim}”` : null];
  return parts.filter(Boolean).join(' · ') || JSON.stringify(by);
}

/** Each suitor's interest level after every claim, as a step chart, with the replay date marked. */
function drawChart(steps, range, asOf) {
  const container = $('#chart');
  const width = Math.max(280, container.clientWidth || 600);
  const height = 240;
  const margin = { top: 22, right: 14, bottom: 28, left: 118 };
  const start = range.min * DAY;
  const end = endOfDay(range.max);
  const x = (time) => margin.left + ((time - start) / (end - start)) * (width - margin.left - margin.right);
  const y = (level) => margin.top + (1 - LEVELS.indexOf(level) / (LEVELS.length - 1)) * (height - margin.top - margin.bottom);

  const series = new Map();
  for (const step of steps) {
    const time = new Date(step.at).getTime();
    const levels = new Map(step.state.suitors.map((suitor) => [suitor.club, suitor]));
    for (const club of new Set([...series.keys(), ...levels.keys()])) {
      if (!series.has(club)) series.set(club, []);
      const points = series.get(club);
      const level = levels.get(club)?.interest ?? null;
      const previous = points[points.length - 1];
      if (!previous || previous.level !== level) {
        const suitor = levels.get(club);
        points.push({ time, level, reporter: suitor?.reporter, outlet: suitor?.outlet });
      }
    }
  }

  const chart = s('svg', {
    width, height, viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart-svg',
    'aria-label': chartSummary(series),
  });
  for (const level of LEVELS) {
    chart.append(
      s('line', { class: 'grid', x1: margin.left, x2: width - margin.right, y1: y(level), y2: y(level) }),
      s('text', { class: 'axis-label', x: margin.left - 8, y: y(level) + 4, 'text-anchor': 'end', text: INTEREST_WORDS[level] }));
  }
  for (const tick of monthTicks(start, end, width - margin.left - margin.right)) {
    chart.append(
      s('line', { class: 'tick', x1: x(tick.time), x2: x(tick.time), y1: height - margin.bottom, y2: height - margin.bottom + 5 }),
      s('text', { class: 'axis-label', x: x(tick.time), y: height - 8, 'text-anchor': 'middle', text: tick.label }));
  }

  const legend = [];
  [...series.entries()].forEach(([club, points], index) => {
    const colour = `series-${index % 8}`;
    let path = '';
    points.forEach((point, i) => {
      const nextTime = i + 1 < points.length ? points[i + 1].time : end;
      if (point.level === null) return;
      path += `M${x(point.time).toFixed(1)} ${y(point.level).toFixed(1)}H${x(nextTime).toFixed(1)}`;
      const next = points[i + 1];
      if (next && next.level !== null) path += `V${y(next.level).toFixed(1)}`;
    });
    const group = s('g', { class: `series ${colour}`, 'data-club': club }, s('path', { d: path }));
    for (const point of points.filter((p) => p.level !== null)) {
      group.append(s('circle', { cx: x(point.time), cy: y(point.level), r: 3.5 },
        s('title', { text: `${club}: ${INTEREST_WORDS[point.level] ?? point.level}, ${formatDate(point.time)} (${point.reporter}, ${point.outlet})` })));
    }
    chart.append(group);
    legend.push(h('li', {}, h('span', { class: `swatch ${colour}`, 'aria-hidden': 'true' }), club));
  });

  const marked = asOf ? endOfDay(dayOf(`${asOf}T00:00:00Z`)) : end;
  const markX = Math.min(x(marked), width - margin.right);
  chart.append(
    s('line', { class: 'as-of-line', x1: markX, x2: markX, y1: margin.top - 6, y2: height - margin.bottom }),
    s('text', {
      class: 'as-of-label', x: markX, y: 12, 'text-anchor': markX > width - 80 ? 'end' : markX < margin.left + 40 ? 'start' : 'middle',
      text: asOf ? formatDate(marked) : 'now',
    }));

  container.replaceChildren(series.size ? chart : h('p', { class: 'empty', text: 'No club has been reported interested yet.' }));
  $('#chart-legend').replaceChildren(...legend);
}

function chartSummary(series) {
  if (!series.size) return 'No interest reported';
  const parts = [...series.entries()].map(([club, points]) => {
    const levels = points.filter((p) => p.level !== null);
    const first = levels[0];
    const last = levels[levels.length - 1];
    return first === last
      ? `${club}: ${first.level} from ${formatDate(first.time)}`
      : `${club}: ${first.level} (${formatDate(first.time)}) to ${last.level} (${formatDate(last.time)})`;
  });
  return `Interest over time. ${parts.join('; ')}.`;
}

/** Month starts between start and end, thinned so labels never collide. */
function monthTicks(start, end, pixels) {
  const months = [];
  const date = new Date(start);
  let cursor = Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1);
  while (cursor <= end) {
    months.push(cursor);
    const d = new Date(cursor);
    cursor = Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 1);
  }
  const every = [1, 2, 3, 6, 12].find((n) => (pixels / Math.max(1, months.length)) * n >= 46) ?? 12;
  return months
    .filter((time) => new Date(time).getUTCMonth() % every === 0)
    .map((time) => {
      const d = new Date(time);
      return { time, label: d.getUTCMonth() === 0 ? String(d.getUTCFullYear()) : shortMonth.format(d) };
    });
}

// ---------------------------------------------------------------- /reporters : credibility

async function reportersPage() {
  const status = $('#reporters-status');
  const result = await getJson('/api/reporters').catch(() => ({ status: 0, ok: false, body: null }));
  $('#main').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
  if (result.status === 404) {
    status.textContent = 'Reporter credibility is not available on this server yet.';
    status.dataset.state = 'not-available';
    return;
  }
  if (!result.ok) {
    status.textContent = result.status ? `Could not load the reporters: ${problem(result)}` : 'Could not reach the server.';
    status.dataset.state = 'error';
    return;
  }
  const reporters = Array.isArray(result.body) ? result.body : result.body?.reporters ?? result.body?.items ?? [];
  status.textContent = reporters.length ? `${reporters.length} ${reporters.length === 1 ? 'reporter' : 'reporters'}` : 'No reporter has been recorded yet.';
  status.dataset.state = 'loaded';
  const number = (value) => (typeof value === 'number' ? String(value) : '—');
  $('#reporters tbody').replaceChildren(...reporters.map((reporter) => h('tr', { 'data-slug': reporter.slug },
    h('th', { scope: 'row', text: reporter.name ?? reporter.reporter ?? reporter.slug }),
    h('td', { class: 'num', text: number(reporter.reports) }),
    h('td', { class: 'num', text: number(reporter.predictions) }),
    h('td', { class: 'num', text: number(reporter.resolved) }),
    h('td', { class: 'num', text: number(reporter.correct) }),
    h('td', { class: 'num', text: typeof reporter.accuracy === 'number' ? percent(reporter.accuracy) : '—' }),
    h('td', { class: 'num', text: typeof reporter.brier === 'number' ? reporter.brier.toFixed(3) : '—' }))));
  $('#reporters-wrap').hidden = false;
}

// ---------------------------------------------------------------- start

const pages = { index: indexPage, saga: sagaPage, reporters: reportersPage };
const page = pages[document.body.dataset.page];
if (page) {
  page().catch((error) => {
    showError(`Something went wrong: ${error.message}`);
    indicate('offline', 'Offline');
    document.body.dataset.ready = 'true';
  });
}
