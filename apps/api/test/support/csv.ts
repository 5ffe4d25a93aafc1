/** A strict RFC 4180 reader for the tests: CRLF record ends, quoted fields with doubled quotes. */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let fields: string[] = [];
  let i = 0;
  while (i < text.length) {
    let value = "";
    if (text[i] === '"') {
      i += 1;
      for (;;) {
        const quote = text.indexOf('"', i);
        if (quote < 0) throw new Error("unterminated quoted field");
        value += text.slice(i, quote);
        i = quote + 1;
        if (text[i] !== '"') break;
        value += '"';
        i += 1;
      }
    } else {
      const end = text.slice(i).search(/[,\r\n"]/);
      value = end < 0 ? text.slice(i) : text.slice(i, i + end);
      i += value.length;
      if (text[i] === '"') throw new Error(`a quote inside an unquoted field at ${i}`);
    }
    fields.push(value);
    if (text[i] === ",") {
      i += 1;
    } else if (text.startsWith("\r\n", i)) {
      records.push(fields);
      fields = [];
      i += 2;
    } else {
      throw new Error(`expected a comma or CRLF at ${i}`);
    }
  }
  if (fields.length > 0) throw new Error("the last record has no CRLF");
  return records;
}

/**
 * The cells a spreadsheet sees when it opens the text with `separator` as its list separator (`;` in
 * much of Europe), reading as Excel and LibreOffice do: a double quote opens or closes a quoted run
 * wherever it stands (two in a row inside one are a literal quote), and a separator or CRLF inside a
 * quoted run does not split.
 */
export function readAsSpreadsheet(text: string, separator: string): string[][] {
  const records: string[][] = [];
  let cells: string[] = [];
  let cell = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === '"') {
      if (quoted && text[i + 1] === '"') {
        cell += '"';
        i += 1;
      } else {
        quoted = !quoted;
      }
    } else if (!quoted && c === separator) {
      cells.push(cell);
      cell = "";
    } else if (!quoted && text.startsWith("\r\n", i)) {
      records.push([...cells, cell]);
      cells = [];
      cell = "";
      i += 1;
    } else {
      cell += c;
    }
  }
  if (cell !== "" || cells.length > 0) records.push([...cells, cell]);
  return records;
}

/** What a spreadsheet would run as a formula: a cell beginning with `= + - @`, tab or CR. */
export const isFormulaCell = (cell: string): boolean => /^[=+\-@\t\r]/.test(cell);
