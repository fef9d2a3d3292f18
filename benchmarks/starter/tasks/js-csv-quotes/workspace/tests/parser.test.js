'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { parseCsv, toObjects } = require('../src/index');

test('simple rows', () => {
  assert.deepEqual(parseCsv('a,b,c\n1,2,3\n'), [['a', 'b', 'c'], ['1', '2', '3']]);
});

test('quoted field with delimiter and newline', () => {
  assert.deepEqual(parseCsv('name,notes\n"Smith, J","line 1\nline 2"\n'), [
    ['name', 'notes'],
    ['Smith, J', 'line 1\nline 2'],
  ]);
});

test('custom delimiter and empty fields', () => {
  assert.deepEqual(parseCsv('a;;c', { delimiter: ';' }), [['a', '', 'c']]);
});

test('unterminated quote', () => {
  assert.throws(() => parseCsv('"abc'), SyntaxError);
});

test('objects from header', () => {
  assert.deepEqual(toObjects('id,name\n1,Ann\n2\n'), [
    { id: '1', name: 'Ann' },
    { id: '2', name: '' },
  ]);
});
