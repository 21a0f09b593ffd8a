import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { csvCell, csvRow, csvStream } from '../../../server/web/admin/csv';


const { expect } = Code;
export const lab = Lab.script();
const { describe, it } = lab;

const read = async (stream: NodeJS.ReadableStream) => {

    let text = '';
    for await (const chunk of stream) {
        text += String(chunk);
    }

    return text;
};


describe('CSV', () => {

    it('writes plain cells as they are, numbers as digits, null and undefined as empty, rows ending with CRLF', () => {

        expect(csvRow(['a', 1, null, undefined, ''])).to.equal('a,1,,,\r\n');
        expect(csvRow([])).to.equal('\r\n');
    });

    it('quotes cells holding a quote, comma, CR or LF, doubling quotes (RFC 4180)', () => {

        expect(csvCell('say "hi"')).to.equal('"say ""hi"""');
        expect(csvCell('a,b')).to.equal('"a,b"');
        expect(csvCell('line\nbreak')).to.equal('"line\nbreak"');
        expect(csvCell('cr\rhere')).to.equal('"cr\rhere"');
    });

    it('prefixes a quote to cells a spreadsheet would read as a formula', () => {

        expect(csvCell('=1+1')).to.equal('\'=1+1');
        expect(csvCell('+33 1 23')).to.equal('\'+33 1 23');
        expect(csvCell('-2')).to.equal('\'-2');
        expect(csvCell(-2)).to.equal('\'-2');
        expect(csvCell('@SUM(A1)')).to.equal('\'@SUM(A1)');
        expect(csvCell('\tcmd')).to.equal('\'\tcmd');
        expect(csvCell('\rcmd')).to.equal('"\'\rcmd"');
        expect(csvCell('=HYPERLINK("http://x","y")')).to.equal('"\'=HYPERLINK(""http://x"",""y"")"');
        expect(csvCell('a=b')).to.equal('a=b');
        expect(csvCell('user@example.com')).to.equal('user@example.com');
    });

    it('streams the header, then each page as it is pulled', async () => {

        const pulled: number[] = [];
        const pages = async function* () {

            for (let i = 0; i < 3; ++i) {
                pulled.push(i);
                yield i === 1 ? [] : [[`row ${i}`, i], ['=x', null]];
            }
        };

        const stream = csvStream(['name', 'n'], pages());
        expect(pulled).to.equal([]);
        expect(await read(stream)).to.equal('name,n\r\nrow 0,0\r\n\'=x,\r\nrow 2,2\r\n\'=x,\r\n');
        expect(pulled).to.equal([0, 1, 2]);
    });

    it('reads pages only as fast as the reader takes them', async () => {

        let pulled = 0;
        const pages = async function* () {

            for (let i = 0; i < 1000; ++i) {
                ++pulled;
                yield [['x'.repeat(1024)]];
            }
        };

        const stream = csvStream(['big'], pages());
        const iterator = stream[Symbol.asyncIterator]();
        const first = await iterator.next();
        expect(String(first.value)).to.equal('big\r\n');
        await new Promise((resolve) => setImmediate(resolve));
        expect(pulled).to.be.below(100);
        stream.destroy();
    });
});
