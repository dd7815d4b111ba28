import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/errors.ts';
import { charsetFromContentType, decodeBytes } from '../../src/ingest/decode.ts';

const fixture = (name: string) => readFileSync(new URL(`../../fixtures/articles/${name}`, import.meta.url));
const encoded = (name: string) => fixture(`encodings/${name}`);
const bytes = (...b: number[]) => Uint8Array.from(b);
const utf8 = (s: string) => new TextEncoder().encode(s);

function userError(fn: () => unknown): UserError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UserError) return err;
    throw err;
  }
  throw new Error('expected a UserError');
}

describe('decodeBytes', () => {
  it('reads undeclared UTF-8', () => {
    expect(decodeBytes(utf8('<p>Café — 東京</p>'))).toEqual({ text: '<p>Café — 東京</p>', charset: 'utf-8' });
  });

  it('honours a byte-order mark over any declaration', () => {
    const withBom = bytes(0xef, 0xbb, 0xbf, ...utf8('naïve'));
    expect(decodeBytes(withBom, { contentType: 'text/html; charset=windows-1252' })).toEqual({
      text: 'naïve',
      charset: 'utf-8',
    });
    // UTF-16LE with a BOM contains NUL bytes and is still text.
    const utf16 = bytes(0xff, 0xfe, 0x48, 0x00, 0x69, 0x00);
    expect(decodeBytes(utf16)).toEqual({ text: 'Hi', charset: 'utf-16le' });
  });

  it('reads the EUC-KR page from its <meta http-equiv> declaration', () => {
    const { text, charset } = decodeBytes(fixture('busan-port-euc-kr.html'));
    expect(charset).toBe('euc-kr');
    expect(text).toContain('부산항만공사는 23일 부산 강서구에서 새 컨테이너 부두 착공식을 열었다고 밝혔다.');
  });

  it('reads the Shift_JIS page from its <meta charset>', () => {
    const { text, charset } = decodeBytes(encoded('kobe-port-shift-jis.html'));
    expect(charset).toBe('shift_jis');
    expect(text).toContain('神戸市は１２日、ポートアイランドで新しいコンテナ岸壁の工事を始めたと発表した。');
    expect(text).toContain('「船の待ち時間が大きく減る」');
  });

  it('reads the GB18030 page, four-byte sequences included', () => {
    const { text, charset } = decodeBytes(encoded('shenzhen-port-gb18030.html'));
    expect(charset).toBe('gb18030');
    expect(text).toContain('深圳市港务管理局12日表示，盐田港区新集装箱码头正式开工');
    expect(text).toContain('𠮷田运输'); // U+20BB7: four bytes in GB18030
    expect(text).toContain('€25');
  });

  it('reads a GB2312-labelled page with the GB18030 decoder', () => {
    const page = bytes(...utf8('<p>'), 0xc9, 0xee, 0xdb, 0xda, ...utf8('</p>')); // 深圳
    expect(decodeBytes(page, { contentType: 'text/html; charset=gb2312' })).toEqual({
      text: '<p>深圳</p>',
      charset: 'gbk',
    });
  });

  it('reads windows-1252 punctuation and the euro sign, not C1 controls', () => {
    const { text, charset } = decodeBytes(encoded('lisbon-port-windows-1252.html'));
    expect(charset).toBe('windows-1252');
    expect(text).toContain('em Alcântara — um investimento de 120 milhões de €.');
    expect(text).toContain('“As esperas dos navios vão diminuir”, disse a presidente, María João Gonçalves…');
    expect(text).toContain('‘garantias’');
    expect(text).not.toMatch(/[\u0080-\u009f]/);
  });

  it('reads ISO-8859-1 and ASCII labels as windows-1252, as browsers do', () => {
    const page = bytes(
      ...utf8('<p>'),
      0x93,
      ...utf8('Caf'),
      0xe9,
      0x94,
      0x20,
      0x96,
      0x20,
      0x80,
      0x35,
      ...utf8('</p>'),
    );
    for (const label of ['ISO-8859-1', 'latin1', 'us-ascii']) {
      expect(decodeBytes(page, { contentType: `text/html; charset=${label}` })).toEqual({
        text: '<p>“Café” – €5</p>',
        charset: 'windows-1252',
      });
    }
  });

  it('lets a UTF-16 byte-order mark overrule <meta charset>', () => {
    const text = '<meta charset="shift_jis"><p>東京</p>';
    const be = Buffer.from(text, 'utf16le').swap16();
    expect(decodeBytes(bytes(0xfe, 0xff, ...be), { contentType: 'text/html; charset=shift_jis' })).toEqual({
      text,
      charset: 'utf-16be',
    });
  });

  it('prefers the Content-Type charset to the page declaration', () => {
    // "東京" in Shift_JIS, in a page that wrongly claims UTF-8.
    const page = bytes(...utf8('<meta charset="utf-8"><p>'), 0x93, 0x8c, 0x8b, 0x9e, ...utf8('</p>'));
    const { text, charset } = decodeBytes(page, { contentType: 'text/html; charset="Shift_JIS"' });
    expect(charset).toBe('shift_jis');
    expect(text).toContain('<p>東京</p>');
  });

  it('sniffs <meta charset> when there is no header', () => {
    const page = bytes(
      ...utf8('<html><head><meta charset="windows-1252"></head><p>caf'),
      0xe9,
      ...utf8('</p>'),
    );
    expect(decodeBytes(page)).toMatchObject({
      charset: 'windows-1252',
      text: expect.stringContaining('café'),
    });
  });

  it('reads UTF-8 that a server labelled as Latin-1', () => {
    expect(
      decodeBytes(utf8('<p>Señora Müller</p>'), { contentType: 'text/html; charset=ISO-8859-1' }),
    ).toEqual({
      text: '<p>Señora Müller</p>',
      charset: 'utf-8',
    });
  });

  it('falls back to windows-1252 for undeclared bytes that are not UTF-8', () => {
    const latin1 = bytes(
      ...utf8('Jos'),
      0xe9,
      ...utf8(' and Fran'),
      0xe7,
      ...utf8('ois met in Montr'),
      0xe9,
      0x61,
      0x6c,
    );
    expect(decodeBytes(latin1)).toEqual({
      text: 'José and François met in Montréal',
      charset: 'windows-1252',
    });
  });

  it('rejects binary files with a clear message', () => {
    const png = userError(() => decodeBytes(fixture('not-an-article.png')));
    expect(png.code).toBe('binary-input');
    expect(png.message).toMatch(/PNG image/);
    expect(png.message).not.toMatch(/\n/);

    const pdf = userError(() =>
      decodeBytes(utf8('%PDF-1.7\n%âãÏÓ\n1 0 obj\n<< /Type /Catalog >>\nendobj\n')),
    );
    expect(pdf.code).toBe('binary-input');
    expect(pdf.message).toMatch(/PDF/);

    const controls = userError(() => decodeBytes(bytes(1, 2, 3, 4, 5, 6, 7, 8, 0x41, 0x42, 0x43, 0x44)));
    expect(controls.code).toBe('binary-input');
  });

  it('rejects an unknown charset when the bytes are not UTF-8', () => {
    const err = userError(() =>
      decodeBytes(bytes(...utf8('<p>'), 0xc7, 0xd1, ...utf8('</p>')), {
        contentType: 'text/html; charset=x-klingon',
      }),
    );
    expect(err.code).toBe('unknown-encoding');
    expect(err.message).toContain('x-klingon');
  });

  it('reads an unknown charset label as UTF-8 when the bytes are valid UTF-8', () => {
    expect(decodeBytes(utf8('<meta charset="x-klingon"><p>plain</p>'))).toMatchObject({ charset: 'utf-8' });
  });
});

describe('charsetFromContentType', () => {
  it('reads quoted and unquoted parameters', () => {
    expect(charsetFromContentType('text/html; charset=EUC-KR')).toBe('EUC-KR');
    expect(charsetFromContentType('text/html;charset="utf-8"; foo=bar')).toBe('utf-8');
    expect(charsetFromContentType('text/html')).toBeNull();
    expect(charsetFromContentType(null)).toBeNull();
  });
});
