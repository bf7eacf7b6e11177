// The DOM, built from text: every value that comes from the API reaches the page as a text node or an
// attribute value, never as markup, so a quote containing "<script>" is shown as text; the
// Content-Security-Policy forbids inline script and style besides.

const SVG = 'http://www.w3.org/2000/svg';

/** An element with attributes (class and text are special) and children (strings become text nodes). */
export function h(tag, attributes = {}, ...children) {
  return fill(document.createElement(tag), attributes, children);
}

export function s(tag, attributes = {}, ...children) {
  return fill(document.createElementNS(SVG, tag), attributes, children);
}

export function fill(element, attributes, children) {
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

export const $ = (selector) => document.querySelector(selector);

export function showError(message) {
  const error = $('#page-error');
  if (!error) return;
  error.textContent = message;
  error.hidden = !message;
}

/** A quiet highlight that fades by itself (CSS animation), restarted when the element changes again. */
export function highlight(element) {
  element.classList.remove('changed');
  void element.getBoundingClientRect();
  element.classList.add('changed');
  element.addEventListener('animationend', () => element.classList.remove('changed'), { once: true });
}

/**
 * Makes a list's children the given nodes, in order, touching only what changed: a node that is already there stays
 * where it is, so the browser's scroll anchoring keeps what the reader is looking at in place while something is
 * added or redrawn above it.
 */
export function reconcile(parent, nodes) {
  const wanted = new Set(nodes);
  for (const child of [...parent.childNodes]) if (!wanted.has(child)) child.remove();
  let cursor = parent.firstChild;
  for (const node of nodes) {
    if (node === cursor) cursor = cursor.nextSibling;
    else parent.insertBefore(node, cursor);
  }
}

/**
 * Draws items keyed by what they show: an item whose key was drawn last time is that same element again, anything
 * else is made anew. Returns the elements in order, and which of them are new.
 */
export function keyed() {
  let drawn = new Map();
  return (items, key, make) => {
    const next = new Map();
    const elements = items.map((item) => {
      const k = key(item);
      const element = drawn.get(k) ?? make(item);
      next.set(k, element);
      return element;
    });
    drawn = next;
    return elements;
  };
}
