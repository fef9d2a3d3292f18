'use strict';

const { parse, stringify } = require('./querystring');

/** Return `url` with its query replaced by `params` merged over the existing query. */
function withQuery(url, params) {
  const hashIndex = url.indexOf('#');
  const hash = hashIndex === -1 ? '' : url.slice(hashIndex);
  const withoutHash = hashIndex === -1 ? url : url.slice(0, hashIndex);
  const queryIndex = withoutHash.indexOf('?');
  const base = queryIndex === -1 ? withoutHash : withoutHash.slice(0, queryIndex);
  const existing = queryIndex === -1 ? {} : parse(withoutHash.slice(queryIndex + 1));
  const query = stringify({ ...existing, ...params });
  return `${base}${query ? `?${query}` : ''}${hash}`;
}

module.exports = { parse, stringify, withQuery };
