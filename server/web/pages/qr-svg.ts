/*
 * A QR code as an inline SVG, made on the server (qrcode-generator encodes; the drawing is ours): no image from
 * another service, nothing for the CSP to allow, and no `style` attribute (the CSP forbids inline styles). One
 * path of unit squares, with the four-module quiet zone the standard asks for.
 */

import qrcode from 'qrcode-generator';


const quietZone = 4;

/** The SVG markup of `text` as a QR code (error correction M), `size` pixels wide. */
export const qrSvg = (text: string, size = 220): string => {

    const code = qrcode(0, 'M');
    code.addData(text, 'Byte');
    code.make();

    const count = code.getModuleCount();
    const squares: string[] = [];
    for (let i = 0; i < count; ++i) {             // i: row
        for (let j = 0; j < count; ++j) {         // j: column
            if (code.isDark(i, j)) {
                squares.push(`M${j + quietZone} ${i + quietZone}h1v1h-1z`);
            }
        }
    }

    const extent = count + 2 * quietZone;
    return `<svg xmlns="http://www.w3.org/2000/svg" class="qr-code" width="${size}" height="${size}" viewBox="0 0 ${extent} ${extent}" shape-rendering="crispEdges" role="img" aria-label="QR code of the authenticator link">` +
        `<rect width="${extent}" height="${extent}" fill="#fff"/><path fill="#000" d="${squares.join('')}"/></svg>`;
};
