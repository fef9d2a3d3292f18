'use strict';

function decode(component) {
  try {
    return decodeURIComponent(component.replace(/\+/g, ' '));
  } catch {
    throw new URIError(`Malformed query component: ${component}`);
  }
}

function encode(component) {
  return encodeURIComponent(component).replace(/%20/g, '+');
}

/**
 * Parse a query string ("a=1&b=two+words", a leading "?" is allowed) into an object of strings.
 * "+" means a space, percent escapes are decoded, a key without "=" gets the value "".
 * Empty pairs ("a=1&&b=2") are skipped.
 */
function parse(query) {
  const text = query.startsWith('?') ? query.slice(1) : query;
  const entries = new Map();
  for (const pair of text.split('&')) {
    if (pair === '') continue;
    const eq = pair.indexOf('=');
    const key = decode(eq === -1 ? pair : pair.slice(0, eq));
    const value = eq === -1 ? '' : decode(pair.slice(eq + 1));
    entries.set(key, value);
  }
  return Object.fromEntries(entries);
}

/**
 * Build a query string (without "?") from an object. Keys keep their order; values are converted
 * with String(); undefined values are left out.
 */
function stringify(params) {
  const parts = [];
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    parts.push(`${encode(key)}=${encode(String(value))}`);
  }
  return parts.join('&');
}

module.exports = { parse, stringify };
