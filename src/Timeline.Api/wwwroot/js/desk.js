// /desk : an editor pastes an article (or opens one from the inbox), Timeline drafts one report per source,
// the editor corrects the claims and records each report. The page stores nothing itself; only Record does,
// through POST /api/reports, with an id derived from the text and the source so that a second press is a
// harmless repeat. Every value from the text or the API is shown as text (dom.js), never parsed as markup.

import { $, h, showError } from './dom.js';
import { describeClaim, fold, words } from './format.js';
import { getJson, problem, send } from './live.js';
import { CLAIM_TYPES, CURRENCIES, FIELDS, TYPE_WORDS, claimBody } from './vocabulary.js';

const KEY_STORAGE = 'timeline.apiKey';

/** What the page knows: the drafted article (a snapshot: offsets point into it), its drafts and the sagas. */
const desk = {
  article: null,
  articleId: null,
  drafts: [],
  players: [],
  unparsed: [],
  sagas: new Map(),
  clubs: new Set(),
  focused: null,
};

export async function start() {
  const key = $('#api-key');
  key.value = sessionStorage.getItem(KEY_STORAGE) ?? '';
  key.addEventListener('input', () => {
    if (key.value) sessionStorage.setItem(KEY_STORAGE, key.value);
    else sessionStorage.removeItem(KEY_STORAGE);
    fieldError('api-key', '');
  });

  $('#article-published').value = utcInputValue(new Date());
  $('#draft-form').addEventListener('submit', (event) => {
    event.preventDefault();
    draft();
  });
  $('#record-all').addEventListener('click', recordAll);
  $('#article-text').addEventListener('input', () => {
    if (desk.article && $('#article-text').value !== desk.article.text) {
      $('#draft-status').textContent = 'The text has changed since it was drafted: press Draft again to draft the new text.';
    }
  });

  const lists = [h('datalist', { id: 'saga-list' }), h('datalist', { id: 'club-list' }), h('datalist', { id: 'currency-list' }, CURRENCIES.map((c) => h('option', { value: c })))];
  document.body.append(...lists);

  await loadSagas();
  const articleId = new URLSearchParams(location.search).get('article');
  if (articleId) await openArticle(articleId);
  $('#main').setAttribute('aria-busy', 'false');
  document.body.dataset.ready = 'true';
}

// ---------------------------------------------------------------- the key

function apiKey() {
  const value = $('#api-key').value.trim();
  if (!value) {
    fieldError('api-key', 'Enter an API key with write access first.');
    $('#api-key').focus();
    return null;
  }
  return value;
}

function keyRefused(result) {
  if (result.status === 401) {
    fieldError('api-key', `The key was refused: ${problem(result)}`);
    return true;
  }
  if (result.status === 403) {
    fieldError('api-key', `The key may not do this: ${problem(result)}`);
    return true;
  }
  return false;
}

// ---------------------------------------------------------------- sagas and clubs (for the choices)

async function loadSagas() {
  const result = await getJson('/api/sagas?limit=500');
  if (!result.ok) return;
  for (const saga of result.body) {
    desk.sagas.set(saga.slug, saga.player ?? saga.slug);
    for (const club of [saga.currentClub, ...(saga.suitors ?? []).map((s) => s.club)]) if (club) desk.clubs.add(club);
  }
  fillLists();
}

function fillLists() {
  $('#saga-list').replaceChildren(...[...desk.sagas].map(([slug, player]) => h('option', { value: slug, label: player })));
  $('#club-list').replaceChildren(...[...desk.clubs].sort().map((club) => h('option', { value: club })));
}

const playerOf = (slug) => desk.sagas.get(slug) ?? desk.players.find((p) => p.suggestedSlug === slug)?.name ?? slug;

// ---------------------------------------------------------------- drafting

async function draft() {
  clearErrors($('#draft-form'));
  const text = $('#article-text').value;
  if (!text.trim()) {
    fieldError('article-text', 'Paste the article’s text first.');
    $('#article-text').focus();
    return;
  }
  const key = apiKey();
  if (!key) return;

  const request = {
    text,
    publishedAt: utcFromInput($('#article-published').value),
    url: $('#article-url').value.trim() || undefined,
    outlet: $('#article-outlet').value.trim() || undefined,
    reporter: $('#article-reporter').value.trim() || undefined,
  };
  const button = $('#draft');
  button.disabled = true;
  $('#draft-status').textContent = 'Drafting…';
  try {
    const result = await send('POST', '/api/drafts', request, key);
    if (keyRefused(result)) {
      $('#draft-status').textContent = '';
      return;
    }
    if (!result.ok) {
      $('#draft-status').textContent = `Not drafted: ${result.body?.title ?? `the server answered ${result.status}`}.`;
      showFieldErrors(result.body?.errors, (field) => ({
        text: 'article-text', publishedAt: 'article-published', url: 'article-url', outlet: 'article-outlet', reporter: 'article-reporter',
      })[field], (messages) => showError(messages.join(' ')));
      return;
    }
    if (desk.articleId && text !== desk.article?.text) forgetArticle();
    show(request, result.body);
  } finally {
    button.disabled = false;
  }
}

async function openArticle(id) {
  const result = await getJson(`/api/articles/${encodeURIComponent(id)}`);
  if (!result.ok) {
    showError(result.status === 404 ? `There is no article “${id}” in the inbox.` : `Could not open the article: ${problem(result)}`);
    return;
  }
  const article = result.body;
  desk.articleId = article.id;
  $('#article-text').value = article.text;
  $('#article-outlet').value = article.outlet ?? '';
  $('#article-reporter').value = article.reporter ?? '';
  $('#article-url').value = article.link ?? '';
  $('#article-published').value = utcInputValue(new Date(article.published ?? article.fetchedAt));
  const origin = $('#article-origin');
  const done = article.status === 'pending' ? '' : ` It is already ${article.status}${article.reportIds?.length ? ` (${article.reportIds.join(', ')})` : ''}.`;
  origin.replaceChildren(`From the inbox: “${article.title ?? article.id}”, ${article.outlet}.${done} Reports recorded here name this article.`);
  origin.hidden = false;
  for (const player of article.drafts?.players ?? []) if (player.saga) desk.sagas.set(player.saga, desk.sagas.get(player.saga) ?? player.name);
  show({ text: article.text, publishedAt: article.published ?? article.fetchedAt }, article.drafts ?? { drafts: [], players: [], unparsed: [] });
}

function forgetArticle() {
  desk.articleId = null;
  $('#article-origin').hidden = true;
}

function show(request, result) {
  desk.article = { text: request.text, publishedAt: request.publishedAt };
  desk.players = result.players ?? [];
  desk.unparsed = result.unparsed ?? [];
  desk.focused = null;
  desk.drafts = (result.drafts ?? []).map((d, index) => ({
    index,
    drafted: { outlet: d.report.outlet, reporter: d.report.reporter },
    report: { ...d.report, claims: d.report.claims.map((claim, j) => ({ ...claim, evidence: d.evidence?.[j] ?? null })) },
    attribution: d.attribution,
    state: 'draft',
  }));
  for (const d of desk.drafts) for (const claim of d.report.claims) if (claim.club) desk.clubs.add(claim.club);
  fillLists();

  const count = desk.drafts.length;
  $('#draft-status').textContent = count === 0
    ? 'No report found: the text names no claim the drafter understands (see below).'
    : `${count} draft report${count === 1 ? '' : 's'}, ${desk.drafts.reduce((n, d) => n + d.report.claims.length, 0)} claims.`;
  $('#drafts-empty').hidden = count > 0;
  $('#record-all-row').hidden = count === 0;
  $('#record-all-status').textContent = '';
  $('#drafts').replaceChildren(...desk.drafts.map(card));
  renderPlayers();
  renderUnparsed();
  renderArticle();
  $('#article-view').hidden = false;
  // The text is shown beside the drafts now; the field it was pasted into makes room for it.
  $('#article-text').rows = 5;
  $('.desk-input').classList.add('is-drafted');
}

// ---------------------------------------------------------------- the article text, with the evidence marked

function renderArticle() {
  const text = desk.article?.text ?? '';
  const container = $('#article-rendered');
  const evidence = desk.focused;
  if (!evidence || evidence.end > text.length || evidence.start >= evidence.end) {
    container.replaceChildren(text);
    return;
  }
  const inside = [];
  const cue = evidence.cueEnd > evidence.cueStart && evidence.cueStart >= evidence.start && evidence.cueEnd <= evidence.end;
  if (cue) inside.push(text.slice(evidence.start, evidence.cueStart), h('strong', { class: 'cue' }, text.slice(evidence.cueStart, evidence.cueEnd)), text.slice(evidence.cueEnd, evidence.end));
  else inside.push(text.slice(evidence.start, evidence.end));
  const mark = h('mark', {}, inside);
  container.replaceChildren(text.slice(0, evidence.start), mark, text.slice(evidence.end));
  const top = mark.offsetTop - container.offsetTop;
  if (top < container.scrollTop || top > container.scrollTop + container.clientHeight - 40) container.scrollTop = Math.max(0, top - container.clientHeight / 3);
}

function focusEvidence(evidence) {
  if (desk.focused === evidence) return;
  desk.focused = evidence;
  renderArticle();
}

// ---------------------------------------------------------------- players and what was not understood

function renderPlayers() {
  const panel = $('#players');
  if (desk.players.length === 0) {
    panel.hidden = true;
    return;
  }
  panel.replaceChildren(
    h('h3', { text: 'Players in the text' }),
    h('ul', { class: 'player-list' }, desk.players.map((player) => h('li', {}, playerItem(player)))),
  );
  panel.hidden = false;
}

function playerItem(player) {
  if (player.saga) return [h('a', { href: `/sagas/${encodeURIComponent(player.saga)}`, text: player.name }), ' ', h('span', { class: 'by', text: player.saga })];
  const id = `open-${player.suggestedSlug}`;
  const form = h('form', { class: 'open-saga', 'aria-label': `Open a saga for ${player.name}` },
    h('p', { class: 'field' }, h('label', { for: `${id}-slug`, text: 'Slug' }), h('input', { id: `${id}-slug`, value: player.suggestedSlug, autocomplete: 'off', spellcheck: 'false' })),
    h('p', { class: 'field' }, h('label', { for: `${id}-player`, text: 'Player' }), h('input', { id: `${id}-player`, value: player.name, autocomplete: 'off' })),
    h('p', { class: 'field' }, h('label', { for: `${id}-club`, text: 'Current club' }), h('input', { id: `${id}-club`, value: player.currentClub ?? '', list: 'club-list', autocomplete: 'off' })),
    h('p', { class: 'field' }, h('button', { type: 'submit', text: 'Open saga' })),
    h('p', { class: 'field-error', role: 'alert', hidden: true }),
  );
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    openSaga(player, form);
  });
  return [h('strong', { text: player.name }), ' ', h('span', { class: 'tag', text: 'no saga yet' }), form];
}

async function openSaga(player, form) {
  const key = apiKey();
  if (!key) return;
  const [slugInput, playerInput, clubInput] = form.querySelectorAll('input');
  const error = form.querySelector('.field-error');
  const slug = slugInput.value.trim();
  const body = { player: playerInput.value.trim() };
  if (clubInput.value.trim()) body.currentClub = clubInput.value.trim();
  const result = await send('PUT', `/api/sagas/${encodeURIComponent(slug)}`, body, key);
  if (keyRefused(result)) return;
  if (!result.ok) {
    error.textContent = problem(result);
    error.hidden = false;
    return;
  }
  desk.sagas.set(slug, body.player);
  for (const d of desk.drafts) {
    for (const claim of d.report.claims) if (claim.saga === player.suggestedSlug) claim.saga = slug;
  }
  Object.assign(player, { saga: slug, suggestedSlug: null, name: body.player });
  fillLists();
  renderPlayers();
  for (const d of desk.drafts) refreshCard(d);
}

function renderUnparsed() {
  const panel = $('#unparsed');
  if (desk.unparsed.length === 0) {
    panel.hidden = true;
    return;
  }
  panel.replaceChildren(
    h('h3', { text: `Not understood (${desk.unparsed.length})` }),
    h('p', { class: 'hint', text: 'Sentences that name a player or club near transfer words but gave no claim. Add a claim to a report if one of them says something.' }),
    h('ul', { class: 'unparsed-list' }, desk.unparsed.map((u) => {
      const item = h('li', { tabindex: '0', class: 'unparsed-item' }, h('q', { text: u.text }), ' ', h('span', { class: 'by', text: u.reason }));
      const mark = () => focusEvidence({ start: u.start, end: u.end });
      item.addEventListener('mouseenter', mark);
      item.addEventListener('focusin', mark);
      return item;
    })),
  );
  panel.hidden = false;
}

// ---------------------------------------------------------------- a draft report's card

const sourceTitle = (report) => (report.reporter && report.reporter !== report.outlet ? `${report.outlet}, ${report.reporter}` : report.outlet || report.reporter || 'Unattributed');

function card(d) {
  const id = `d${d.index}`;
  const title = h('h3', { id: `${id}-title`, class: 'draft-title', text: sourceTitle(d.report) });
  const element = h('article', { class: 'draft card', 'data-draft': d.index, 'aria-labelledby': `${id}-title` },
    h('header', { class: 'draft-head' }, title,
      h('p', { class: 'attribution' }, d.attribution ? ['Attributed by “', h('span', { class: 'attribution-words', text: d.attribution.source }), '”'] : 'No attribution: the article’s own outlet and reporter')),
    h('div', { class: 'field-row' },
      textField(d, `${id}-outlet`, 'Outlet', 'outlet'),
      textField(d, `${id}-reporter`, 'Reporter', 'reporter'),
      publishedField(d, `${id}-published`)),
    quoteField(d, `${id}-quote`),
    h('ol', { class: 'draft-claims' }),
    h('ul', { class: 'card-errors field-error', hidden: true }),
    h('p', { class: 'card-actions' },
      h('button', { type: 'button', class: 'secondary add-claim', text: 'Add a claim' }),
      h('button', { type: 'button', class: 'record' }, 'Record', h('span', { class: 'visually-hidden', text: ` the report from ${sourceTitle(d.report)}` }))),
    h('div', { class: 'receipt', role: 'status' }),
  );
  d.element = element;
  element.querySelector('.add-claim').addEventListener('click', () => {
    const saga = d.report.claims[0]?.saga ?? desk.players.find((p) => p.saga)?.saga ?? '';
    d.report.claims.push({ saga, type: 'interest', evidence: null });
    renderClaims(d);
    element.querySelector('.draft-claims > li:last-child select')?.focus();
  });
  element.querySelector('.record').addEventListener('click', () => record(d));
  renderClaims(d);
  return element;
}

function refreshCard(d) {
  d.element.querySelector('.draft-title').textContent = sourceTitle(d.report);
  d.element.querySelector('.record .visually-hidden').textContent = ` the report from ${sourceTitle(d.report)}`;
  renderClaims(d);
}

function textField(d, id, label, name) {
  const input = h('input', { id, type: 'text', value: d.report[name] ?? '', autocomplete: 'off', 'data-field': name, 'aria-describedby': `${id}-error` });
  input.addEventListener('input', () => {
    d.report[name] = input.value;
    d.element.querySelector('.draft-title').textContent = sourceTitle(d.report);
    d.element.querySelector('.record .visually-hidden').textContent = ` the report from ${sourceTitle(d.report)}`;
  });
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), input, h('span', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function publishedField(d, id) {
  const input = h('input', { id, type: 'datetime-local', step: '60', value: utcInputValue(new Date(d.report.publishedAt)), 'data-field': 'publishedAt', 'aria-describedby': `${id}-error` });
  input.addEventListener('input', () => {
    d.report.publishedAt = utcFromInput(input.value);
  });
  return h('p', { class: 'field' }, h('label', { for: id, text: 'Published at (UTC)' }), input, h('span', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function quoteField(d, id) {
  const input = h('textarea', { id, rows: '3', 'data-field': 'quote', 'aria-describedby': `${id}-error` });
  input.value = d.report.quote ?? '';
  input.addEventListener('input', () => {
    d.report.quote = input.value;
  });
  return h('p', { class: 'field quote-field' }, h('label', { for: id, text: 'Quote' }), input, h('span', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function renderClaims(d) {
  const list = d.element.querySelector('.draft-claims');
  list.replaceChildren(...d.report.claims.map((claim, j) => claimRow(d, claim, j)));
}

function claimRow(d, claim, j) {
  const id = `d${d.index}-c${j}`;
  const prefix = `claims[${j}]`;
  const summary = h('p', { class: 'claim-words' });
  const describe = () => {
    summary.replaceChildren(h('span', { class: 'claim-player', text: playerOf(claim.saga) }), ' · ', describeClaim(claimBody(claim), playerOf(claim.saga)));
  };
  describe();

  const sagaInput = h('input', { id: `${id}-saga`, list: 'saga-list', value: claim.saga ?? '', autocomplete: 'off', spellcheck: 'false', 'data-field': `${prefix}.saga`, 'aria-describedby': `${id}-saga-error` });
  sagaInput.addEventListener('input', () => {
    claim.saga = sagaInput.value.trim();
    describe();
  });
  const typeSelect = h('select', { id: `${id}-type`, 'data-field': `${prefix}.type`, 'aria-describedby': `${id}-type-error` },
    CLAIM_TYPES.map((type) => h('option', { value: type, selected: type === claim.type, text: TYPE_WORDS[type] })));
  typeSelect.addEventListener('change', () => {
    const kept = { saga: claim.saga, type: typeSelect.value, evidence: claim.evidence };
    if (claim.club && FIELDS[typeSelect.value].some((f) => f.name === 'club')) kept.club = claim.club;
    for (const name of Object.keys(claim)) delete claim[name];
    Object.assign(claim, kept);
    const row = claimRow(d, claim, j);
    d.element.querySelector(`.draft-claims > li:nth-child(${j + 1})`).replaceWith(row);
    row.querySelector('select').focus();
  });

  const fields = [
    field(`${id}-saga`, 'Saga', sagaInput),
    field(`${id}-type`, 'Type', typeSelect),
    ...FIELDS[claim.type].map((f) => field(`${id}-${f.name}`, f.label, input(f, claim, `${id}-${f.name}`, `${prefix}.${f.name}`, describe))),
  ];
  const remove = h('button', { type: 'button', class: 'secondary remove' }, 'Remove', h('span', { class: 'visually-hidden', text: ` claim ${j + 1}` }));
  remove.addEventListener('click', () => {
    d.report.claims.splice(j, 1);
    renderClaims(d);
    (d.element.querySelector(`.draft-claims > li:nth-child(${Math.min(j + 1, d.report.claims.length)}) select`) ?? d.element.querySelector('.add-claim')).focus();
  });

  const evidence = claim.evidence;
  const row = h('li', { class: 'draft-claim', 'data-claim': j },
    summary,
    h('div', { class: 'claim-fields' }, fields),
    h('p', { class: 'claim-foot' },
      evidence
        ? h('span', { class: 'cue-line' }, 'Cue “', h('span', { class: 'cue-words', text: evidence.cue }), `”, ${Math.round(evidence.confidence * 100)}% confident`)
        : h('span', { class: 'cue-line', text: 'Added by hand' }),
      remove),
    h('span', { class: 'field-error claim-error', id: `${id}-error`, 'data-error-for': prefix, hidden: true }),
  );
  if (evidence) {
    const mark = () => focusEvidence(evidence);
    row.addEventListener('mouseenter', mark);
    row.addEventListener('focusin', mark);
  }
  return row;
}

function field(id, label, control) {
  return h('p', { class: 'field' }, h('label', { for: id, text: label }), control, h('span', { class: 'field-error', id: `${id}-error`, hidden: true }));
}

function input(f, claim, id, key, changed) {
  const common = { id, 'data-field': key, 'aria-describedby': `${id}-error` };
  let control;
  if (f.kind === 'choice') {
    control = h('select', common,
      h('option', { value: '', text: 'Choose…', selected: !claim[f.name] }),
      f.values.map((value) => h('option', { value, selected: value === claim[f.name], text: words(value) })));
    if (claim[f.name] && !f.values.includes(claim[f.name])) control.append(h('option', { value: claim[f.name], selected: true, text: claim[f.name] }));
  } else if (f.kind === 'number') {
    control = h('input', { ...common, type: 'number', inputmode: 'decimal', min: f.min, max: f.max, step: f.step, value: claim[f.name] ?? '' });
  } else {
    control = h('input', {
      ...common, type: 'text', autocomplete: 'off', value: claim[f.name] ?? '', placeholder: f.placeholder,
      list: f.kind === 'club' ? 'club-list' : f.kind === 'currency' ? 'currency-list' : undefined,
    });
  }
  control.addEventListener(f.kind === 'choice' ? 'change' : 'input', () => {
    claim[f.name] = control.value;
    changed();
  });
  return control;
}

// ---------------------------------------------------------------- recording

async function record(d) {
  const key = apiKey();
  if (!key) return false;
  clearErrors(d.element);
  const receipt = d.element.querySelector('.receipt');
  const button = d.element.querySelector('.record');
  button.disabled = true;
  receipt.replaceChildren('Recording…');
  try {
    const body = {
      id: reportId(d),
      reporter: (d.report.reporter ?? '').trim(),
      outlet: (d.report.outlet ?? '').trim(),
      publishedAt: d.report.publishedAt,
      url: d.report.url || ($('#article-url').value.trim() || undefined),
      quote: d.report.quote?.trim() || undefined,
      claims: d.report.claims.map(claimBody),
      articleId: desk.articleId ?? undefined,
    };
    const result = await send('POST', '/api/reports', body, key);
    if (keyRefused(result)) {
      receipt.replaceChildren('Not recorded: the key was refused.');
      return false;
    }
    if (result.status === 201 || result.status === 200) {
      d.state = 'recorded';
      d.element.classList.add('is-recorded');
      d.element.classList.remove('is-refused');
      receipt.replaceChildren(
        h('strong', { text: result.status === 201 ? 'Recorded' : 'Already recorded: nothing new was stored' }),
        ` as ${result.body.reportId}. `,
        'See ', ...sagaLinks(result.body.events ?? []), '.',
      );
      return true;
    }
    d.state = 'refused';
    d.element.classList.add('is-refused');
    const title = result.status === 409
      ? 'A different report with this id is already recorded (it was recorded before it was edited). Nothing was stored.'
      : `Refused: ${result.body?.title ?? `the server answered ${result.status}`}. Nothing was stored.`;
    receipt.replaceChildren(h('strong', { class: 'refused', text: title }));
    showFieldErrors(result.body?.errors, (key) => fieldIdIn(d.element, key), (messages) => {
      const list = d.element.querySelector('.card-errors');
      list.replaceChildren(...messages.map((m) => h('li', { text: m })));
      list.hidden = false;
    });
    return false;
  } finally {
    button.disabled = false;
  }
}

async function recordAll() {
  const status = $('#record-all-status');
  const waiting = desk.drafts.filter((d) => d.state !== 'recorded');
  let recorded = 0;
  for (const [i, d] of waiting.entries()) {
    status.textContent = `Recording ${i + 1} of ${waiting.length}…`;
    if (await record(d)) recorded++;
  }
  const refused = waiting.length - recorded;
  status.textContent = waiting.length === 0
    ? 'Every report is recorded.'
    : `${recorded} recorded${refused ? `, ${refused} not recorded: see ${refused === 1 ? 'its card' : 'their cards'}` : ''}.`;
}

function sagaLinks(events) {
  const slugs = [...new Set(events.map((e) => e.saga))];
  return slugs.flatMap((slug, i) => [i ? ', ' : '', h('a', { href: `/sagas/${encodeURIComponent(slug)}`, text: playerOf(slug) })]);
}

/**
 * The report's id: the outlet and day it was published, and a hash of the article's text and the source as
 * drafted. Pressing Record twice sends the same id, which the API answers as a repeat; a report edited after it
 * was recorded keeps the id, so the API refuses it (409) rather than recording the source twice.
 */
function reportId(d) {
  const source = `${d.drafted.outlet ?? ''}\u001f${d.drafted.reporter ?? ''}`;
  const digest = fnv1a64(`${desk.article.text}\u001e${source}`);
  const slug = fold(words(d.drafted.outlet ?? 'report')).replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'report';
  const day = (desk.article.publishedAt ?? new Date().toISOString()).slice(0, 10);
  return `${slug}-${day}-${digest}`;
}

/** FNV-1a, 64 bits, over the text's UTF-8: the same in every browser and without a secure context. */
function fnv1a64(text) {
  let hash = 0xcbf29ce484222325n;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= BigInt(byte);
    hash = (hash * 0x100000001b3n) & 0xffffffffffffffffn;
  }
  return hash.toString(16).padStart(16, '0');
}

// ---------------------------------------------------------------- errors beside their fields

function fieldIdIn(element, key) {
  const control = element.querySelector(`[data-field="${CSS.escape(key)}"]`);
  if (control) return control.id;
  const claim = element.querySelector(`[data-error-for="${CSS.escape(key)}"]`);
  return claim ? claim.id.replace(/-error$/, '') : undefined;
}

function showFieldErrors(errors, idOf, rest) {
  if (!errors || typeof errors !== 'object') return;
  const unplaced = [];
  let first = null;
  for (const [key, messages] of Object.entries(errors)) {
    const text = [].concat(messages).join(' ');
    const id = idOf(key);
    if (id && fieldError(id, `${key} ${text}`)) first ??= document.getElementById(id);
    else unplaced.push(`${key} ${text}`);
  }
  if (unplaced.length) rest(unplaced);
  first?.focus?.();
}

/** Shows (or clears) the message beside control #id; false when there is no such place. */
function fieldError(id, message) {
  const error = document.getElementById(`${id}-error`);
  if (!error) return false;
  error.textContent = message;
  error.hidden = !message;
  const control = document.getElementById(id);
  if (control && control !== error) {
    if (message) control.setAttribute('aria-invalid', 'true');
    else control.removeAttribute('aria-invalid');
  }
  return true;
}

function clearErrors(scope) {
  for (const error of scope.querySelectorAll('.field-error')) {
    error.textContent = '';
    error.hidden = true;
  }
  for (const control of scope.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  showError('');
}

// ---------------------------------------------------------------- UTC in datetime-local inputs

function utcInputValue(date) {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 16);
}

function utcFromInput(value) {
  return value ? `${value.length === 16 ? `${value}:00` : value}Z` : undefined;
}
