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

test('doubled quotes inside a quoted field', () => {
  assert.deepEqual(parseCsv('"She said ""hi""",x\n'), [['She said "hi"', 'x']]);
});

test('field that is a single escaped quote', () => {
  assert.deepEqual(parseCsv('"""",b'), [['"', 'b']]);
});

test('empty quoted field', () => {
  assert.deepEqual(parseCsv('a,"",c'), [['a', '', 'c']]);
});

test('doubled quotes next to delimiter and newline', () => {
  assert.deepEqual(parseCsv('"a ""b""","""c"", d"\n"x",y\n'), [
    ['a "b"', '"c", d'],
    ['x', 'y'],
  ]);
});

test('unterminated field after an escaped quote', () => {
  assert.throws(() => parseCsv('"abc""'), SyntaxError);
});

test('CRLF line endings', () => {
  assert.deepEqual(parseCsv('a,b\r\n1,2\r\n'), [['a', 'b'], ['1', '2']]);
  assert.deepEqual(parseCsv('a,b\r\n1,2'), [['a', 'b'], ['1', '2']]);
});

test('CRLF after a quoted field and inside a quoted field', () => {
  assert.deepEqual(parseCsv('"x",y\r\n"multi\r\nline",z\r\n'), [
    ['x', 'y'],
    ['multi\r\nline', 'z'],
  ]);
});

test('blank CRLF lines produce no rows', () => {
  assert.deepEqual(parseCsv('a\r\n\r\nb\r\n'), [['a'], ['b']]);
});

test('objects from a Windows export with quotes', () => {
  const text = 'sku,title\r\n42,"12"" pizza"\r\n43,"Mug, ""large"""\r\n';
  assert.deepEqual(toObjects(text), [
    { sku: '42', title: '12" pizza' },
    { sku: '43', title: 'Mug, "large"' },
  ]);
});
