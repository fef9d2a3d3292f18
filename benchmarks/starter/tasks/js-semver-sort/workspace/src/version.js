'use strict';

const PATTERN = /^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z.-]+))?(?:\+([0-9A-Za-z.-]+))?$/;

/**
 * Parse a semantic version such as "1.4.2", "v2.0.0-rc.1" or "1.0.0+build.5".
 * Returns { major, minor, patch, prerelease: string[], build: string[] } or throws TypeError.
 */
function parse(text) {
  const match = PATTERN.exec(String(text).trim());
  if (!match) {
    throw new TypeError(`Invalid version: ${text}`);
  }
  const [, major, minor, patch, pre, build] = match;
  return {
    major,
    minor,
    patch,
    prerelease: pre ? pre.split('.') : [],
    build: build ? build.split('.') : [],
  };
}

/**
 * Compare two versions by semantic-versioning precedence.
 * Returns a negative number if a < b, 0 if they have equal precedence, positive if a > b.
 * Build metadata is ignored.
 */
function compare(a, b) {
  const va = parse(a);
  const vb = parse(b);
  for (const key of ['major', 'minor', 'patch']) {
    if (va[key] !== vb[key]) {
      return va[key] < vb[key] ? -1 : 1;
    }
  }
  return 0;
}

function format(v) {
  let text = `${v.major}.${v.minor}.${v.patch}`;
  if (v.prerelease.length) text += `-${v.prerelease.join('.')}`;
  if (v.build.length) text += `+${v.build.join('.')}`;
  return text;
}

module.exports = { parse, compare, format };
