// A saga's claims in valid-time order, the claims of one report together.

import { $, h, highlight, keyed, reconcile } from './dom.js';
import { dayOf, describeClaim, endOfDay, formatDate, formatDateTime, safeUrl } from './format.js';

/** The claims in valid-time order, the claims of one report together; those after the replay date are dimmed. */
export function drawTimeline(entries, player, asOf, freshReports) {
  const reports = [];
  for (const entry of entries) {
    const last = reports[reports.length - 1];
    if (last && last.reportId === entry.reportId && last.at === entry.at) last.entries.push(entry);
    else reports.push({ reportId: entry.reportId, at: entry.at, entries: [entry] });
  }

  const limit = asOf ? endOfDay(dayOf(`${asOf}T00:00:00Z`)) : Infinity;
  const rows = [];
  let markerPlaced = !asOf;
  for (const report of reports) {
    const after = new Date(report.at).getTime() > limit;
    if (after && !markerPlaced) {
      rows.push({ marker: asOf });
      markerPlaced = true;
    }
    rows.push({ report, after });
  }
  if (!markerPlaced) rows.push({ marker: asOf });
  if (!reports.length) rows.push({ empty: true });

  // A report drawn before with the same claims is the same element, so a live update adds and redraws only what
  // changed and the report the reader is on stays where it is.
  const items = drawRows(rows,
    (row) => JSON.stringify(row.report ? [row.report.entries, row.after, player] : row),
    (row) => (row.report ? reportItem(row.report, player, row.after)
      : row.marker ? asOfMarker(row.marker) : h('li', { class: 'empty', text: 'No claims recorded yet.' })));
  rows.forEach((row, i) => {
    if (row.report && freshReports.includes(row.report.reportId)) highlight(items[i]);
  });
  reconcile($('#timeline'), items);
}

const drawRows = keyed();

export function asOfMarker(asOf) {
  return h('li', { class: 'as-of-marker', 'data-as-of': asOf }, h('span', { text: `Replay date: ${formatDate(`${asOf}T00:00:00Z`)}` }));
}

export function reportItem(report, player, after) {
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

export function claimItem(entry, player, retracted) {
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
export function contradictionText(by) {
  if (by === null || typeof by !== 'object') return String(by);
  const who = [by.reporter, by.outlet].filter(Boolean).join(', ');
  const when = by.at ?? by.publishedAt;
  const claim = by.claim && typeof by.claim === 'object' ? describeClaim(by.claim) : null;
  const parts = [who || by.reportId, when && !Number.isNaN(Date.parse(when)) ? formatDate(when) : null, claim ? `“${claim}”` : null];
  return parts.filter(Boolean).join(' · ') || JSON.stringify(by);
}

