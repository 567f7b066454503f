/** The untyped `snowball-stemmers` package (a UMD build of the Snowball stemmers): only what search uses. */
declare module 'snowball-stemmers' {
  export interface Stemmer {
    stem(word: string): string;
  }
  export function newStemmer(algorithm: 'russian' | 'english'): Stemmer;
  export function algorithms(): string[];
}
