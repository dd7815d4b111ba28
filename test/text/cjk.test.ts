import { describe, expect, it } from 'vitest';
import {
  bigrams,
  cjkSearchText,
  cjkTerms,
  hanKanaPieces,
  scriptLanguage,
  stripKoreanParticle,
} from '../../src/text/cjk.ts';

describe('CJK words', () => {
  it('splits Han and kana into overlapping pairs, a lone character standing as itself', () => {
    expect(bigrams('日韓首脳会談')).toEqual(['日韓', '韓首', '首脳', '脳会', '会談']);
    expect(bigrams('東京')).toEqual(['東京']);
    expect(bigrams('号')).toEqual(['号']);
  });

  it('keeps digits and letters between Han runs as pieces of their own, full-width folded', () => {
    expect(hanKanaPieces('台風１１号')).toEqual(['台風', '11', '号']);
    expect(hanKanaPieces('第２工場')).toEqual(['第', '2', '工場']);
    expect(hanKanaPieces('人工知能（ＡＩ）')).toEqual(['人工', '工知', '知能', 'ai']);
  });

  it('strips a Korean particle but never leaves less than two syllables', () => {
    expect(stripKoreanParticle('도쿄서')).toBe('도쿄');
    expect(stripKoreanParticle('대통령은')).toBe('대통령');
    expect(stripKoreanParticle('총리와')).toBe('총리');
    expect(stripKoreanParticle('부산항에서')).toBe('부산항');
    expect(stripKoreanParticle('이재명')).toBeNull();
    expect(stripKoreanParticle('한일')).toBeNull();
  });

  it('writes the extra search words of CJK text in order, and nothing for English', () => {
    expect(cjkSearchText('Leaders met in Tokyo on Monday.')).toBe('');
    expect(cjkSearchText('石破茂首相は２３日、李在明大統領と会談した。')).toBe(
      '石破 破茂 茂首 首相 相は 23 日 李在 在明 明大 大統 統領 領と と会 会談 談し した',
    );
    expect(cjkSearchText('이재명 대통령은 도쿄서 회담했다')).toBe('대통령 도쿄');
    expect(cjkSearchText('ＡＩ and １７ percent')).toBe('ai 17');
  });

  it('gives clustering Korean syllable pairs without particles and verb endings', () => {
    expect(cjkTerms('합의했다')).toEqual(['합의', '의했']);
    expect(cjkTerms('합의하기로')).toEqual(['합의', '의하']);
    expect(cjkTerms('정상회담을')).toEqual(['정상', '상회', '회담']);
    expect(cjkTerms('summit')).toEqual(['summit']);
  });
});

describe('scriptLanguage', () => {
  it('tells Korean, Japanese and Chinese text by its script, and nothing for English', () => {
    expect(scriptLanguage('이재명 대통령은 도쿄에서 회담했다.')).toBe('ko');
    expect(scriptLanguage('石破茂首相は東京で会談した。')).toBe('ja');
    expect(scriptLanguage('习近平在北京会见了来访的总统。')).toBe('zh');
    expect(scriptLanguage('Leaders met in Tokyo (東京) on Monday.')).toBeNull();
  });
});
