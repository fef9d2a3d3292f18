'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { Emitter } = require('../src/index');

test('on and emit', () => {
  const e = new Emitter();
  const seen = [];
  e.on('data', (x, y) => seen.push([x, y]));
  assert.equal(e.emit('data', 1, 2), true);
  assert.equal(e.emit('other'), false);
  assert.deepEqual(seen, [[1, 2]]);
});

test('off removes a listener', () => {
  const e = new Emitter();
  const seen = [];
  const fn = (x) => seen.push(x);
  e.on('x', fn).off('x', fn);
  e.emit('x', 1);
  assert.deepEqual(seen, []);
  assert.equal(e.listenerCount('x'), 0);
});

test('listeners added during emit run next time', () => {
  const e = new Emitter();
  const seen = [];
  e.on('x', () => {
    seen.push('a');
    e.on('x', () => seen.push('b'));
  });
  e.emit('x');
  assert.deepEqual(seen, ['a']);
});
