/*
 * CSV for the admin exports (/admin/audit.csv, /admin/users.csv): RFC 4180 rows, made safe to open in a spreadsheet.
 *
 * Threat: an exported cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is read as a formula by
 * Excel, LibreOffice and Google Sheets (CSV injection): a user who names themselves `=HYPERLINK(…)` could run it on
 * the admin's machine. Such a cell gets a leading `'`, which spreadsheets read as "text" and do not show.
 * Invariants: every cell is quoted when it holds a quote, comma, CR or LF (quotes doubled); every row ends with CRLF;
 * a stream holds one page of rows at a time, never the whole export.
 */

import { Readable } from 'node:stream';

import type { ResponseObject, ResponseToolkit } from '@hapi/hapi';


const formulaStart = /^[=+\-@\t\r]/;
const needsQuotes = /[",\r\n]/;

/** One cell, formula-safe and quoted when needed; null and undefined are empty. */
export const csvCell = (value: unknown): string => {

    if (value === null || value === undefined) {
        return '';
    }

    const text = String(value);
    const safe = formulaStart.test(text) ? `'${text}` : text;
    return needsQuotes.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** One row, ending with CRLF. */
export const csvRow = (cells: readonly (string | number | null | undefined)[]): string => `${cells.map(csvCell).join(',')}\r\n`;

/**
 * A CSV document: the header row, then each page's rows as the pages arrive. A page is pulled only when the reader
 * wants more (backpressure), so an export of any size holds one page in memory.
 */
export const csvStream = (header: readonly string[], pages: AsyncIterable<readonly (readonly unknown[])[]>): Readable => {

    const lines = async function* () {

        yield csvRow(header);
        for await (const page of pages) {
            if (page.length) {
                yield page.map((cells) => `${cells.map(csvCell).join(',')}\r\n`).join('');
            }
        }
    };

    return Readable.from(lines(), { objectMode: false });
};

/** The answer of an export: the stream as a CSV attachment named `<name>-<date>.csv`, never stored by a cache. */
export const csvAttachment = (h: Pick<ResponseToolkit, 'response'>, body: Readable, name: string): ResponseObject => {

    const day = new Date().toISOString().slice(0, 10);
    return h.response(body)
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${name}-${day}.csv"`)
        .header('cache-control', 'no-store');
};
