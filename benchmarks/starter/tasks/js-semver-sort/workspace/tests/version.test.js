'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { parse, compare, format, sortVersions, latest } = require('../src/index');

test('parse and format round trip', () => {
  const v = parse('v1.2.3-beta.1+sha.abc');
  assert.deepEqual(v.prerelease, ['beta', '1']);
  assert.deepEqual(v.build, ['sha', 'abc']);
  assert.equal(format(v), '1.2.3-beta.1+sha.abc');
});

test('invalid versions throw', () => {
  assert.throws(() => parse('1.2'), TypeError);
  assert.throws(() => parse('one.two.three'), TypeError);
});

test('simple ordering', () => {
  assert.ok(compare('1.2.3', '1.2.4') < 0);
  assert.ok(compare('2.0.0', '1.9.9') > 0);
  assert.equal(compare('1.2.3', 'v1.2.3'), 0);
});

test('latest ignores prereleases by default', () => {
  assert.equal(latest(['1.0.0', '1.1.0', '0.9.0']), '1.1.0');
});
