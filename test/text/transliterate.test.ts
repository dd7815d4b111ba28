import { describe, expect, it } from 'vitest';
import { rendersName } from '../../src/text/transliterate.ts';

describe('rendersName: a Hangul or katakana name against a Latin one', () => {
  it.each([
    ['트럼프', 'Donald Trump'],
    ['도널드 트럼프', 'Donald Trump'],
    ['ドナルド・トランプ', 'Donald Trump'],
    ['이재명', 'Lee Jae-myung'],
    ['이시바 시게루', 'Shigeru Ishiba'],
    ['イシバ', 'Shigeru Ishiba'],
    ['바이든', 'Joe Biden'],
    ['マクロン', 'Emmanuel Macron'],
    ['알베르토 반 클라베렌', 'Alberto van Klaveren'],
    ['응우옌 홍 디엔', 'Nguyen Hong Dien'],
    ['박민서', 'Park Min-seo'],
  ])('%s renders %s', (rendered, latin) => {
    expect(rendersName(rendered, latin)).toBe(true);
  });

  it.each([
    ['바이든', 'Donald Trump'],
    ['트럼프', 'Joe Biden'],
    ['시진핑', 'Lee Jae-myung'],
    ['マクロン', 'Shigeru Ishiba'],
    ['김정은', 'Lee Jae-myung'],
    ['푸틴', 'Donald Trump'],
    ['바이든', 'Prime Minister Shigeru Ishiba'],
  ])('%s does not render %s', (rendered, latin) => {
    expect(rendersName(rendered, latin)).toBe(false);
  });
});
