'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { parse, stringify, withQuery } = require('../src/index');

test('parse basics', () => {
  assert.deepEqual(parse('?q=red+shoes&page=2&debug'), { q: 'red shoes', page: '2', debug: '' });
  assert.deepEqual(parse('name=J%C3%BCrgen&&x=%26'), { name: 'Jürgen', x: '&' });
  assert.deepEqual(parse(''), {});
});

test('malformed escapes throw URIError', () => {
  assert.throws(() => parse('a=%E0%A4%A'), URIError);
});

test('stringify basics', () => {
  assert.equal(stringify({ q: 'red shoes', page: 2, skip: undefined, amp: 'a&b' }), 'q=red+shoes&page=2&amp=a%26b');
});

test('withQuery merges and keeps the fragment', () => {
  assert.equal(withQuery('/search?q=x&page=1#top', { page: 2 }), '/search?q=x&page=2#top');
});
