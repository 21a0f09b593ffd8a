import * as Code from '@hapi/code';
import * as Lab from '@hapi/lab';

import { describeUserAgent } from '../../../server/web/pages/user-agent';


const { describe, it } = exports.lab = Lab.script();
const { expect } = Code;

describe('describeUserAgent', () => {

    const chromeMac = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36';

    it('names the browser and the operating system, keeping the raw string', () => {

        expect(describeUserAgent(chromeMac)).to.equal({ label: 'Chrome on macOS', raw: chromeMac });
        expect(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0').label).to.equal('Firefox on Windows');
        expect(describeUserAgent('Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1').label).to.equal('Mobile Safari on iOS');
    });

    it('says what it knows when only one part is recognised', () => {

        expect(describeUserAgent('Mozilla/5.0 Firefox/125.0').label).to.equal('Firefox');
        expect(describeUserAgent('Something (Linux x86_64)').label).to.equal('Linux');
    });

    it('says "Unknown browser" for an empty, missing or unrecognised string', () => {

        expect(describeUserAgent('')).to.equal({ label: 'Unknown browser', raw: '' });
        expect(describeUserAgent(undefined)).to.equal({ label: 'Unknown browser', raw: '' });
        expect(describeUserAgent(null).label).to.equal('Unknown browser');
        expect(describeUserAgent('   ').label).to.equal('Unknown browser');
        expect(describeUserAgent('zzz').label).to.equal('Unknown browser');
    });

    it('cuts an overlong string', () => {

        expect(describeUserAgent('x'.repeat(5000)).raw).to.have.length(512);
    });
});
