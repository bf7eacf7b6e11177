// Words and dates for what the API says (always UTC, like the API).

import { h } from './dom.js';

export const DAY = 86_400_000;

/** Interest levels from coldest to hottest: the chart's vertical axis. */
export const LEVELS = ['withdrawn', 'cooling', 'monitoring', 'interested', 'advanced', 'bid', 'agreed'];

export const INTEREST_WORDS = {
  monitoring: 'monitoring',
  interested: 'interested',
  advanced: 'talks advanced',
  bid: 'bid made',
  agreed: 'deal agreed',
  cooling: 'interest cooling',
  withdrawn: 'interest withdrawn',
};

export const OFFER_STATUS_WORDS = {
  made: 'made',
  improved: 'improved',
  rejected: 'rejected',
  accepted: 'accepted',
  withdrawn: 'withdrawn',
};

export const PLAYER_STANCE_WORDS = {
  'wants-to-stay': ['wants to stay', 'at'],
  'open-to-renewal': ['open to renewal', 'with'],
  'exploring-options': ['exploring options', 'including'],
  'wants-move': ['wants a move', 'to'],
  'agreed-terms': ['has agreed terms', 'with'],
};

export const CLUB_STANCE_WORDS = {
  'wants-to-keep': 'wants to keep him',
  'open-to-sale': 'open to a sale',
  'seeking-replacement': 'seeking a replacement',
  'not-pursuing': 'not pursuing',
};

export const EXPECTATION_WORDS = {
  renewal: ['a renewal', 'with'],
  transfer: ['a transfer', 'to'],
  stay: ['him to stay', 'at'],
};

export const OUTCOME_WORDS = {
  renewed: ['renewed', 'with'],
  transferred: ['transferred', 'to'],
  stayed: ['stayed', 'at'],
  released: ['released', 'by'],
};

export const dateFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
export const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
});
export const preciseFormat = new Intl.DateTimeFormat('en-GB', {
  timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
});
export const monthFormat = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'long', year: 'numeric' });
export const shortMonth = new Intl.DateTimeFormat('en-GB', { timeZone: 'UTC', month: 'short' });

export const formatDate = (value) => dateFormat.format(new Date(value));
export const formatDateTime = (value) => `${dateTimeFormat.format(new Date(value))} UTC`;
export const dayOf = (value) => Math.floor(new Date(value).getTime() / DAY);
export const isoDay = (day) => new Date(day * DAY).toISOString().slice(0, 10);
export const endOfDay = (day) => (day + 1) * DAY - 1;
export const isIsoDay = (value) => /^\d{4}-\d{2}-\d{2}$/.test(value ?? '') && !Number.isNaN(Date.parse(value));
export const words = (value) => String(value ?? '').replaceAll('-', ' ');
export const fold = (value) => String(value ?? '').normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** "2026-01" is "January 2026"; a full date is a date. */
export function period(from) {
  if (/^\d{4}-\d{2}$/.test(from)) return monthFormat.format(new Date(`${from}-01T00:00:00Z`));
  return isIsoDay(from) ? formatDate(`${from}T00:00:00Z`) : from;
}

export function money(amount, currency) {
  if (amount === null || amount === undefined) return '';
  try {
    return new Intl.NumberFormat('en-GB', {
      style: currency ? 'currency' : 'decimal', currency: currency || undefined, notation: 'compact', maximumFractionDigits: 1,
    }).format(amount);
  } catch {
    return `${amount} ${currency ?? ''}`.trim();
  }
}

export const percent = (value) => `${Math.round(value * 100)}%`;
export const withClub = (text, preposition, club) => (club ? `${text} ${preposition} ${club}` : text);

/** A claim in plain words: "Real Madrid: interest cooling". */
export function describeClaim(claim, player) {
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

export function stanceWords(stance) {
  const [text, preposition] = PLAYER_STANCE_WORDS[stance.stance] ?? [words(stance.stance), 'with'];
  const from = stance.from ? ` from ${period(stance.from)}` : '';
  return `${withClub(text, preposition, stance.club)}${from}`;
}

export function expectationWords(expectation) {
  const [text, preposition] = EXPECTATION_WORDS[expectation.outcome] ?? [words(expectation.outcome), 'with'];
  const confidence = typeof expectation.confidence === 'number' ? ` (${percent(expectation.confidence)} confident)` : '';
  return `${withClub(text, preposition, expectation.club)}${confidence}`;
}

export function outcomeWords(outcome) {
  const [text, preposition] = OUTCOME_WORDS[outcome.result] ?? [words(outcome.result), 'with'];
  const fee = outcome.fee ? ` for ${money(outcome.fee)}` : '';
  return `${withClub(text, preposition, outcome.club)}${fee}`;
}

/** Only http(s) links are followed: a javascript: or data: URL from a report is shown as text, not linked. */
export function safeUrl(url) {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

export function statusBadge(state) {
  return h('span', { class: `status status-${state.status}`, text: state.status === 'resolved' ? 'Resolved' : 'Open' });
}
