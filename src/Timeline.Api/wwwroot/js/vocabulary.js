// The claim vocabulary of product.md, as the desk's editors choose from it: each type's fields in the order
// a sentence names them, and the values each choice allows (the API refuses anything else).

export const CLAIM_TYPES = ['interest', 'offer', 'player-stance', 'club-stance', 'expectation', 'outcome'];

export const TYPE_WORDS = {
  interest: 'Interest',
  offer: 'Offer',
  'player-stance': 'Player stance',
  'club-stance': 'Club stance',
  expectation: 'Expectation',
  outcome: 'Outcome',
};

export const CURRENCIES = ['GBP', 'EUR', 'USD'];

/**
 * Each type's fields: name, label, kind (club, choice, number, text), whether the API requires it, and for a
 * choice its values. The order is the order the desk shows them in.
 */
export const FIELDS = {
  interest: [
    { name: 'club', label: 'Club', kind: 'club', required: true },
    { name: 'level', label: 'Level', kind: 'choice', required: true, values: ['monitoring', 'interested', 'advanced', 'bid', 'agreed', 'cooling', 'withdrawn'] },
  ],
  offer: [
    { name: 'club', label: 'Club', kind: 'club', required: true },
    { name: 'kind', label: 'Kind', kind: 'choice', required: true, values: ['contract-extension', 'transfer-fee'] },
    { name: 'status', label: 'Status', kind: 'choice', required: true, values: ['made', 'improved', 'rejected', 'accepted', 'withdrawn'] },
    { name: 'amount', label: 'Amount', kind: 'number', min: 0, step: 'any' },
    { name: 'currency', label: 'Currency', kind: 'currency' },
  ],
  'player-stance': [
    { name: 'stance', label: 'Stance', kind: 'choice', required: true, values: ['wants-to-stay', 'open-to-renewal', 'exploring-options', 'wants-move', 'agreed-terms'] },
    { name: 'club', label: 'Club', kind: 'club' },
    { name: 'from', label: 'From', kind: 'text', placeholder: '2026-01 or 2026-01-15' },
  ],
  'club-stance': [
    { name: 'club', label: 'Club', kind: 'club', required: true },
    { name: 'stance', label: 'Stance', kind: 'choice', required: true, values: ['wants-to-keep', 'open-to-sale', 'seeking-replacement', 'not-pursuing'] },
  ],
  expectation: [
    { name: 'outcome', label: 'Outcome', kind: 'choice', required: true, values: ['renewal', 'transfer', 'stay'] },
    { name: 'club', label: 'Club', kind: 'club' },
    { name: 'confidence', label: 'Confidence', kind: 'number', min: 0, max: 1, step: 0.05 },
  ],
  outcome: [
    { name: 'result', label: 'Result', kind: 'choice', required: true, values: ['renewed', 'transferred', 'stayed', 'released'] },
    { name: 'club', label: 'Club', kind: 'club' },
    { name: 'fee', label: 'Fee', kind: 'number', min: 0, step: 'any' },
    { name: 'currency', label: 'Currency', kind: 'currency' },
  ],
};

/** The claim as the API takes it: its saga, type and the fields its type has, empty ones left out. */
export function claimBody(claim) {
  const body = { saga: claim.saga, type: claim.type };
  for (const field of FIELDS[claim.type] ?? []) {
    const value = claim[field.name];
    if (value === undefined || value === null || value === '') continue;
    if (field.kind === 'number') {
      const number = Number(value);
      body[field.name] = Number.isFinite(number) ? number : value;
    } else {
      body[field.name] = typeof value === 'string' ? value.trim() : value;
    }
  }
  return body;
}
