// /reporters : each reporter's predictions and how they turned out.

import { $, h } from './dom.js';
import { percent } from './format.js';
import { getJson, problem } from './live.js';

export async function start() {
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
