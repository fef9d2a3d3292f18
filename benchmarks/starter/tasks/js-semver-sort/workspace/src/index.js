'use strict';

const { parse, compare, format } = require('./version');

/** Sort version strings ascending by precedence (stable for equal precedence). */
function sortVersions(versions) {
  return [...versions].sort(compare);
}

/** The highest version in the list, or undefined for an empty list. */
function latest(versions, { includePrerelease = false } = {}) {
  const candidates = versions.filter((v) => includePrerelease || parse(v).prerelease.length === 0);
  return candidates.reduce((best, v) => (best === undefined || compare(v, best) > 0 ? v : best), undefined);
}

module.exports = { parse, compare, format, sortVersions, latest };
