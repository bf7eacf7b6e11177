// Reading the API, and following its Server-Sent Events.

import { $, highlight } from './dom.js';
import { formatDateTime } from './format.js';

export async function getJson(url) {
  const response = await fetch(url, { headers: { Accept: 'application/json' } });
  const type = response.headers.get('content-type') ?? '';
  const body = type.includes('json') ? await response.json() : null;
  const total = Number.parseInt(response.headers.get('X-Total-Count') ?? '', 10);
  return { status: response.status, ok: response.ok, body, total: Number.isNaN(total) ? null : total };
}

/** A problem details answer in words, with each invalid field: "knownAt must be an ISO-8601 instant...". */
export function problem(result) {
  const body = result.body ?? {};
  const fields = body.errors && typeof body.errors === 'object'
    ? Object.entries(body.errors).map(([field, messages]) => `${field} ${[].concat(messages).join(' ')}`)
    : [];
  return [body.detail ?? body.title, ...fields].filter(Boolean).join(' ') || `The server answered ${result.status}.`;
}

/** The header's live indicator: connecting, live, or offline. */
export function indicate(state, text) {
  const live = $('#live');
  if (!live) return;
  live.dataset.state = state;
  live.querySelector('.live-text').textContent = text;
}

export function pulse() {
  const live = $('#live');
  if (live) highlight(live);
}

/** Follows a Server-Sent Events stream; EventSource reconnects (with Last-Event-ID) by itself. */
export function follow(url, onMessage) {
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
export function serialized(work) {
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

export function announce(message) {
  const news = $('#live-news');
  if (!news || !message?.cause) return;
  const cause = message.cause;
  const who = [cause.reporter, cause.outlet].filter(Boolean).join(', ');
  if (!cause.reportId) news.textContent = 'Saga details updated';
  else if (cause.reason) news.textContent = `Report retracted${who ? ` (${who})` : ''}: ${cause.reason}`;
  else news.textContent = `New report${who ? ` from ${who}` : ''}${cause.publishedAt ? `, published ${formatDateTime(cause.publishedAt)}` : ''}`;
  highlight(news);
}

/** Sends a JSON body with the editor's key; the answer as getJson gives it (a network failure is status 0). */
export async function send(method, url, body, key) {
  let response;
  try {
    response = await fetch(url, {
      method,
      headers: { Accept: 'application/json', 'Content-Type': 'application/json', Authorization: `Bearer ${key}` },
      body: JSON.stringify(body),
    });
  } catch (error) {
    return { status: 0, ok: false, body: { title: `The service could not be reached (${error.message}).` } };
  }
  const type = response.headers.get('content-type') ?? '';
  const answer = type.includes('json') ? await response.json() : null;
  return { status: response.status, ok: response.ok, body: answer };
}
