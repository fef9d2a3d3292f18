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

test('repeated keys become arrays in order', () => {
  assert.deepEqual(parse('tag=red&size=m&tag=blue&tag=green'), { tag: ['red', 'blue', 'green'], size: 'm' });
});

test('a single occurrence stays a string', () => {
  assert.deepEqual(parse('tag=red'), { tag: 'red' });
});

test('repeated keys without values', () => {
  assert.deepEqual(parse('flag&flag&x=1'), { flag: ['', ''], x: '1' });
});

test('bracket suffix always gives an array and is stripped', () => {
  assert.deepEqual(parse('ids[]=3'), { ids: ['3'] });
  assert.deepEqual(parse('ids[]=3&ids[]=4'), { ids: ['3', '4'] });
  assert.deepEqual(parse('ids%5B%5D=5&other=x'), { ids: ['5'], other: 'x' });
});

test('bracket and plain forms of one key are combined', () => {
  assert.deepEqual(parse('ids=1&ids[]=2'), { ids: ['1', '2'] });
  assert.deepEqual(parse('ids[]=1&ids=2'), { ids: ['1', '2'] });
});

test('key order follows first occurrence', () => {
  assert.deepEqual(Object.keys(parse('b=1&a=2&b=3')), ['b', 'a']);
});

test('stringify repeats keys for arrays', () => {
  assert.equal(stringify({ tag: ['red', 'dark blue'], page: 1 }), 'tag=red&tag=dark+blue&page=1');
  assert.equal(stringify({ n: [1, 2, 3] }), 'n=1&n=2&n=3');
});

test('stringify leaves out empty arrays and undefined array items', () => {
  assert.equal(stringify({ a: [], b: 'x', c: [undefined, 'y'] }), 'b=x&c=y');
});

test('round trip with arrays', () => {
  const params = { q: 'a b', tag: ['x&y', 'z'], empty: '' };
  assert.deepEqual(parse(stringify(params)), params);
});

test('withQuery with repeated keys', () => {
  assert.equal(withQuery('/list?tag=a&tag=b', { page: 3 }), '/list?tag=a&tag=b&page=3');
  assert.equal(withQuery('/list?tag=a&tag=b', { tag: ['c'] }), '/list?tag=c');
});
