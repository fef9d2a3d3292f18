'use strict';

const { parseCsv } = require('./parser');

/**
 * Parse CSV with a header line into objects keyed by the header names.
 * Missing trailing fields become empty strings; extra fields are an error.
 */
function toObjects(text, options) {
  const [header, ...records] = parseCsv(text, options);
  if (!header) {
    return [];
  }
  return records.map((fields, index) => {
    if (fields.length > header.length) {
      throw new RangeError(`Record ${index + 1} has ${fields.length} fields, header has ${header.length}`);
    }
    const obj = {};
    header.forEach((name, column) => {
      obj[name] = fields[column] ?? '';
    });
    return obj;
  });
}

module.exports = { parseCsv, toObjects };
