/*
 * CSV as RFC 4180 writes it, made safe to open in a spreadsheet: a cell that starts with `=`, `+`, `-`, `@`, a tab
 * or a carriage return would be read as a formula (CSV injection: an email like `=HYPERLINK(…)@x.test` typed at
 * sign-up runs in the admin's spreadsheet), so it gets a leading `'`, which spreadsheets show as text.
 */

const formulaStart = /^[=+\-@\t\r]/;

/** One cell: defused, then quoted when it holds a quote, comma or line break (quotes doubled). */
export const csvCell = (value: string | number | boolean | undefined): string => {

    const text = value === undefined ? '' : String(value);
    const safe = formulaStart.test(text) ? `'${text}` : text;
    return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One line, CRLF-terminated as RFC 4180 has it. */
export const csvRow = (cells: readonly (string | number | boolean | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;
