'use strict';

/**
 * Parse CSV text (RFC 4180 style) into an array of rows, each an array of strings.
 *
 * - Fields are separated by `delimiter` (default ",").
 * - Records end with "\n" or "\r\n"; a final line break is optional.
 * - A field may be wrapped in double quotes; a quoted field may contain the delimiter, line
 *   breaks, and double quotes written twice ("" stands for one ").
 * - Empty lines produce no row.
 */
function parseCsv(text, { delimiter = ',' } = {}) {
  const rows = [];
  let row = [];
  let field = '';
  let inQuotes = false;
  let i = 0;

  const endField = () => {
    row.push(field);
    field = '';
  };
  const endRow = () => {
    endField();
    if (!(row.length === 1 && row[0] === '')) {
      rows.push(row);
    }
    row = [];
  };

  while (i < text.length) {
    const ch = text[i];
    if (inQuotes) {
      if (ch === '"') {
        inQuotes = false;
      } else {
        field += ch;
      }
      i += 1;
      continue;
    }
    if (ch === '"' && field === '') {
      inQuotes = true;
    } else if (ch === delimiter) {
      endField();
    } else if (ch === '\n') {
      endRow();
    } else {
      field += ch;
    }
    i += 1;
  }
  if (inQuotes) {
    throw new SyntaxError('Unterminated quoted field');
  }
  if (field !== '' || row.length > 0) {
    endRow();
  }
  return rows;
}

module.exports = { parseCsv };
