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

test('numeric parts compare as numbers', () => {
  assert.ok(compare('1.10.0', '1.9.0') > 0);
  assert.ok(compare('1.2.10', '1.2.9') > 0);
  assert.ok(compare('10.0.0', '9.99.99') > 0);
  assert.ok(compare('0.0.2', '0.0.10') < 0);
});

test('a prerelease sorts before its release', () => {
  assert.ok(compare('1.0.0-alpha', '1.0.0') < 0);
  assert.ok(compare('1.0.0', '1.0.0-rc.1') > 0);
  assert.ok(compare('1.0.0-rc.1', '0.9.9') > 0);
});

test('prerelease identifiers', () => {
  const ordered = [
    '1.0.0-alpha',
    '1.0.0-alpha.1',
    '1.0.0-alpha.beta',
    '1.0.0-beta',
    '1.0.0-beta.2',
    '1.0.0-beta.11',
    '1.0.0-rc.1',
    '1.0.0',
  ];
  for (let i = 0; i + 1 < ordered.length; i += 1) {
    assert.ok(compare(ordered[i], ordered[i + 1]) < 0, `${ordered[i]} < ${ordered[i + 1]}`);
    assert.ok(compare(ordered[i + 1], ordered[i]) > 0, `${ordered[i + 1]} > ${ordered[i]}`);
  }
});

test('numeric identifiers sort before alphanumeric ones', () => {
  assert.ok(compare('1.0.0-2', '1.0.0-a') < 0);
  assert.ok(compare('1.0.0-rc.9', '1.0.0-rc.x') < 0);
});

test('build metadata is ignored', () => {
  assert.equal(compare('1.0.0+build.1', '1.0.0+build.2'), 0);
  assert.equal(compare('1.0.0-rc.1+a', '1.0.0-rc.1'), 0);
});

test('sortVersions', () => {
  assert.deepEqual(
    sortVersions(['1.10.0', '1.2.0', '1.10.0-rc.2', '1.9.3', '1.10.0-rc.10', '0.12.1']),
    ['0.12.1', '1.2.0', '1.9.3', '1.10.0-rc.2', '1.10.0-rc.10', '1.10.0'],
  );
});

test('latest with double-digit versions and prereleases', () => {
  assert.equal(latest(['2.9.0', '2.10.0', '2.11.0-beta.1']), '2.10.0');
  assert.equal(latest(['2.9.0', '2.10.0', '2.11.0-beta.1'], { includePrerelease: true }), '2.11.0-beta.1');
  assert.equal(latest(['3.0.0-rc.1', '3.0.0'], { includePrerelease: true }), '3.0.0');
  assert.equal(latest([]), undefined);
});
