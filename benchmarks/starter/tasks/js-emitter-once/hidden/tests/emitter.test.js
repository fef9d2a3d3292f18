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

test('once listener runs a single time', () => {
  const e = new Emitter();
  const seen = [];
  const result = e.once('ready', (v) => seen.push(v));
  assert.equal(result, e, 'once returns the emitter for chaining');
  assert.equal(e.listenerCount('ready'), 1);
  assert.equal(e.emit('ready', 1), true);
  assert.equal(e.emit('ready', 2), false);
  assert.deepEqual(seen, [1]);
  assert.equal(e.listenerCount('ready'), 0);
});

test('once keeps registration order with on', () => {
  const e = new Emitter();
  const seen = [];
  e.on('x', () => seen.push('on1'));
  e.once('x', () => seen.push('once'));
  e.on('x', () => seen.push('on2'));
  e.emit('x');
  e.emit('x');
  assert.deepEqual(seen, ['on1', 'once', 'on2', 'on1', 'on2']);
});

test('once listener receives arguments and this', () => {
  const e = new Emitter();
  let received;
  let self;
  e.once('msg', function (a, b) {
    received = [a, b];
    self = this;
  });
  e.emit('msg', 'hello', 42);
  assert.deepEqual(received, ['hello', 42]);
  assert.equal(self, e);
});

test('off with the original function removes a once listener', () => {
  const e = new Emitter();
  const seen = [];
  const fn = () => seen.push('called');
  e.once('x', fn);
  e.off('x', fn);
  assert.equal(e.emit('x'), false);
  assert.deepEqual(seen, []);
  assert.equal(e.listenerCount('x'), 0);
});

test('off removes only one of several registrations', () => {
  const e = new Emitter();
  const seen = [];
  const fn = (tag) => seen.push(tag);
  e.once('x', fn);
  e.on('x', fn);
  e.off('x', fn);
  e.emit('x', 'first');
  e.emit('x', 'second');
  assert.deepEqual(seen, ['first', 'second']);
});

test('the same function registered twice with once runs twice, then never', () => {
  const e = new Emitter();
  let count = 0;
  const fn = () => {
    count += 1;
  };
  e.once('x', fn).once('x', fn);
  e.emit('x');
  e.emit('x');
  assert.equal(count, 2);
});

test('a once listener that re-emits the same event runs only once', () => {
  const e = new Emitter();
  let count = 0;
  e.once('tick', () => {
    count += 1;
    e.emit('tick');
  });
  e.emit('tick');
  assert.equal(count, 1);
});

test('removing a once listener during an emit takes effect from the next emit', () => {
  const e = new Emitter();
  const seen = [];
  const late = () => seen.push('late');
  e.on('x', () => {
    seen.push('early');
    e.off('x', late);
  });
  e.once('x', late);
  e.emit('x');
  assert.deepEqual(seen, ['early', 'late']);
  e.emit('x');
  assert.deepEqual(seen, ['early', 'late', 'early']);
});

test('a throwing once listener is still removed', () => {
  const e = new Emitter();
  e.once('x', () => {
    throw new Error('boom');
  });
  assert.throws(() => e.emit('x'), /boom/);
  assert.equal(e.listenerCount('x'), 0);
  assert.equal(e.emit('x'), false);
});

test('once validates its listener', () => {
  assert.throws(() => new Emitter().once('x', 'nope'), TypeError);
});
